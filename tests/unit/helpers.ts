// A fresh, migrated database for tests of lib/ that need one: SQLite in a temporary folder, or
// a new database on the run's PostgreSQL cluster (tests/unit/postgres-setup.ts).
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createPrismaClient } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrate";
import { MIGRATION_DIRS } from "@/lib/db/provider";
import { migrationNames } from "@/lib/db/migrations";
import { dropDatabase, migratedDatabase } from "../support/postgres";

/** Which database the unit tests run on: SQLite, or PostgreSQL under `npm run test:unit:pg`. */
export const onPostgres = process.env.ROLLCALL_TEST_DB === "postgresql";

export async function freshDb() {
  const { url, dispose } = onPostgres ? await postgresDatabase() : await sqliteDatabase();
  const db = createPrismaClient(url);
  return {
    db,
    url,
    async cleanup() {
      await db.$disconnect();
      await dispose();
    },
  };
}

async function postgresDatabase() {
  const root = process.env.ROLLCALL_TEST_PG_ROOT;
  if (!root) throw new Error("ROLLCALL_TEST_PG_ROOT is unset: run through `npm run test:unit:pg`.");
  const url = await migratedDatabase(root);
  return { url, dispose: () => dropDatabase(url) };
}

// Migrating a SQLite file takes 2–4 s on this machine; copying a migrated one takes
// milliseconds. The template is built once per set of migrations (named by them, so a new
// or edited migration builds a new one) and renamed into place when complete, as PostgreSQL's is.
const TEMPLATE_DIR = path.join(os.tmpdir(), "rollcall-test-templates");

async function sqliteTemplate(): Promise<string> {
  const dir = MIGRATION_DIRS.sqlite;
  const hash = crypto.createHash("sha256");
  for (const name of migrationNames(dir)) hash.update(name).update(fs.readFileSync(path.join(dir, name, "migration.sql")));
  const key = hash.digest("hex").slice(0, 24);
  const file = path.join(TEMPLATE_DIR, `${key}.db`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(TEMPLATE_DIR, { recursive: true });
  const building = fs.mkdtempSync(path.join(TEMPLATE_DIR, "building-"));
  await applyMigrations(`file:${path.join(building, "t.db")}`);
  fs.renameSync(path.join(building, "t.db"), file); // atomic: a parallel run never copies half a file
  fs.rmSync(building, { recursive: true, force: true });
  return file;
}

async function sqliteDatabase() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-test-"));
  const file = path.join(dir, "test.db");
  fs.copyFileSync(await sqliteTemplate(), file);
  return { url: `file:${file}`, dispose: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}
