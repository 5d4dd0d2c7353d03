// First-run and every-run preparation: data folder, secrets, migrations, settings, first admin.
// Idempotent; the start command and the test setup both call it.
import fs from "node:fs";
import { chronicMinSessionsSchema, offlineGraceMinutesSchema, reenrollMonthsSchema, retentionDaysSchema } from "@/lib/validations/settings";
import { dataDir, databaseUrl, ensureSecrets } from "@/lib/config";
import { prepareSqliteFile } from "@/lib/db/sqlite";
import { applyMigrations } from "@/lib/db/migrate";
import { createPrismaClient } from "@/lib/db";
import { providerOf } from "@/lib/db/provider";
import { upsertRaced } from "@/lib/db/races";
import { ensureFirstAdmin } from "@/lib/staff";

export type SetupResult = {
  applied: string[];
  firstAdmin: Awaited<ReturnType<typeof ensureFirstAdmin>>;
};

export async function setup(env: Record<string, string | undefined> = process.env): Promise<SetupResult> {
  fs.mkdirSync(dataDir(), { recursive: true });
  ensureSecrets();
  const url = databaseUrl();
  if (providerOf(url) === "sqlite") prepareSqliteFile(url);
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
    // Settings IT may change at any start (the school's policy): set only when given.
    const fromEnv = <T>(name: string, schema: { parse(v: unknown): T }) => (env[name] === undefined ? undefined : schema.parse(env[name]));
    const retention = fromEnv("ROLLCALL_RETENTION_DAYS", retentionDaysSchema);
    // Children's faces change: the age at which a photo "needs a new photo".
    const reenroll = fromEnv("ROLLCALL_REENROLL_MONTHS", reenrollMonthsSchema);
    const chronicMin = fromEnv("ROLLCALL_CHRONIC_MIN_SESSIONS", chronicMinSessionsSchema);
    const offlineGrace = fromEnv("ROLLCALL_OFFLINE_GRACE_MINUTES", offlineGraceMinutesSchema);
    const changes = {
      ...(retention !== undefined ? { retentionDays: retention } : {}),
      ...(reenroll !== undefined ? { reenrollMonths: reenroll } : {}),
      ...(chronicMin !== undefined ? { chronicMinSessions: chronicMin } : {}),
      ...(offlineGrace !== undefined ? { offlineGraceMinutes: offlineGrace } : {}),
    };
    // Two instances starting at once (PostgreSQL) race to create the row and the first admin.
    await upsertRaced(() =>
      db.schoolSettings.upsert({
        where: { id: 1 },
        create: { id: 1, timeZone, name: env.ROLLCALL_SCHOOL_NAME ?? "Our school", ...changes },
        update: changes,
      }),
    );
    const firstAdmin = await upsertRaced(() => ensureFirstAdmin(db, env));
    return { applied, firstAdmin };
  } finally {
    await db.$disconnect();
  }
}

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
