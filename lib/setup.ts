// First-run and every-run preparation: data folder, secrets, migrations, settings, first admin.
// Idempotent; the start command and the test setup both call it.
import { z } from "zod";
import fs from "node:fs";
import Database from "better-sqlite3";
import { retentionDaysSchema } from "@/lib/consent/retention";
import { dataDir, databaseUrl, ensureSecrets, sqlitePath } from "@/lib/config";
import { applyMigrations } from "@/lib/db/migrate";
import { createPrismaClient } from "@/lib/db";
import { ensureFirstAdmin } from "@/lib/staff";

export type SetupResult = {
  applied: string[];
  firstAdmin: Awaited<ReturnType<typeof ensureFirstAdmin>>;
};

export async function setup(env: Record<string, string | undefined> = process.env): Promise<SetupResult> {
  fs.mkdirSync(dataDir(), { recursive: true });
  ensureSecrets();
  const url = databaseUrl();
  // WAL lets readers go on while one writer writes and survives a crash without a
  // torn database; the setting is stored in the file. Set before the schema engine
  // opens its own connection, since changing it needs the only connection.
  const sqlite = new Database(sqlitePath(url), { timeout: 10_000 });
  sqlite.pragma("journal_mode = WAL");
  sqlite.close();
  let applied: string[];
  try {
    applied = await applyMigrations(url);
  } catch (error) {
    // The schema engine's own message for a locked database is a wasm enum dump
    // ("unknown variant `SocketTimeout`"): seen when an old instance still ran during an update.
    const message = error instanceof Error ? error.message : String(error);
    const hint = /SocketTimeout|database is locked|SQLITE_BUSY/i.test(message)
      ? " The database stayed locked: is another Rollcall still running on this data folder? Stop it (e.g. systemctl stop rollcall) and start again."
      : "";
    throw new Error(`Could not apply the database migrations.${hint}\n${message.split("\n")[0]}`, { cause: error });
  }

  const db = createPrismaClient(url);
  try {
    const timeZone = env.ROLLCALL_TIMEZONE ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? "UTC";
    // Retention may be changed at any start (the policy is the school's, IT sets it).
    const retention = env.ROLLCALL_RETENTION_DAYS === undefined ? undefined : retentionDaysSchema.parse(env.ROLLCALL_RETENTION_DAYS);
    // So may the age at which a photo "needs a new photo" (children's faces change).
    const reenroll = env.ROLLCALL_REENROLL_MONTHS === undefined ? undefined : reenrollMonthsSchema.parse(env.ROLLCALL_REENROLL_MONTHS);
    const changes = {
      ...(retention !== undefined ? { retentionDays: retention } : {}),
      ...(reenroll !== undefined ? { reenrollMonths: reenroll } : {}),
    };
    await db.schoolSettings.upsert({
      where: { id: 1 },
      create: { id: 1, timeZone, name: env.ROLLCALL_SCHOOL_NAME ?? "Our school", ...changes },
      update: changes,
    });
    const firstAdmin = await ensureFirstAdmin(db, env);
    return { applied, firstAdmin };
  } finally {
    await db.$disconnect();
  }
}

const reenrollMonthsSchema = z.coerce.number({ message: "ROLLCALL_REENROLL_MONTHS must be a number of months." }).int().min(1).max(120);

export function printFirstAdmin(admin: SetupResult["firstAdmin"]): void {
  if (!admin) return;
  const line = "=".repeat(64);
  console.log(`\n${line}\nRollcall: first administrator created\n  email:    ${admin.email}`);
  console.log(
    admin.generated
      ? `  password: ${admin.password}\n  This password is shown only once. Sign in and keep it safe.`
      : "  password: the one in ROLLCALL_ADMIN_PASSWORD",
  );
  console.log(`${line}\n`);
}
