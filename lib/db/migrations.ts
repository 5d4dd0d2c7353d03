// The migration folders shipped with this version, and which of them a database has applied.
// Light (no schema engine): the health route asks it on every probe.
import fs from "node:fs";
import path from "node:path";

/** Names of the shipped migrations, oldest first. */
export function migrationNames(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, "migration.sql")))
    .map((e) => e.name)
    .sort();
}

/** Prisma's record of finished migrations, as the SQL both SQLite and PostgreSQL answer. */
export const APPLIED_MIGRATIONS_SQL =
  "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL";
