// A fresh, migrated database for tests of lib/ that need one: SQLite in a temporary folder, or
// a new database on the run's PostgreSQL cluster (tests/unit/postgres-setup.ts).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createPrismaClient } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrate";
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

async function sqliteDatabase() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-test-"));
  const url = `file:${path.join(dir, "test.db")}`;
  await applyMigrations(url);
  return { url, dispose: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}
