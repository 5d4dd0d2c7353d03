// Readiness for a monitor or a load balancer (GET /api/health): the database answers, every
// shipped migration is applied, the model files are in place. It says which check failed and
// nothing else: no versions, paths, secrets or counts of people.
import fs from "node:fs";
import path from "node:path";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { APPLIED_MIGRATIONS_SQL, migrationNames } from "@/lib/db/migrations";
import { MIGRATION_DIRS } from "@/lib/db/provider";
import { providerOfClient } from "@/lib/db";
import { MODEL_FILES } from "@/lib/face/models";

export type Health = {
  ok: boolean;
  checks: { database: "ok" | "unreachable"; migrations: "ok" | "pending" | "unknown"; models: "ok" | "missing" };
};

export const PUBLIC_DIR = path.join(/*turbopackIgnore: true*/ process.cwd(), "public");

export async function checkHealth(db: PrismaClient, dirs: { migrations?: string; public?: string } = {}): Promise<Health> {
  const checks: Health["checks"] = { database: "ok", migrations: "ok", models: "ok" };
  try {
    await db.$queryRawUnsafe("SELECT 1");
    try {
      const applied = new Set(
        (await db.$queryRawUnsafe<{ migration_name: string }[]>(APPLIED_MIGRATIONS_SQL)).map((r) => r.migration_name),
      );
      if (!migrationNames(dirs.migrations ?? MIGRATION_DIRS[providerOfClient(db)]).every((name) => applied.has(name)))
        checks.migrations = "pending";
    } catch {
      checks.migrations = "pending"; // no _prisma_migrations table: nothing applied yet
    }
  } catch {
    checks.database = "unreachable";
    checks.migrations = "unknown";
  }
  const publicDir = dirs.public ?? PUBLIC_DIR;
  if (!MODEL_FILES.every((file) => fs.existsSync(path.join(publicDir, file)))) checks.models = "missing";
  return { ok: Object.values(checks).every((c) => c === "ok"), checks };
}
