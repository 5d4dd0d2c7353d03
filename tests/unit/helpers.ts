// A fresh, migrated SQLite database in a temporary folder, for tests of lib/ that need one.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createPrismaClient } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrate";

export async function freshDb() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-test-"));
  const url = `file:${path.join(dir, "test.db")}`;
  await applyMigrations(url);
  const db = createPrismaClient(url);
  return {
    db,
    url,
    async cleanup() {
      await db.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
