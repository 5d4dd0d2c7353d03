// SQLite specifics in one place: the file of a `file:` URL, the journal mode the file keeps, and
// the online backup. (The Prisma client's per-connection settings are in lib/db/index.ts.)
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { databaseUrl } from "@/lib/config";

/** The SQLite file path of a `file:` URL. */
export function sqlitePath(url = databaseUrl()): string {
  if (!url.startsWith("file:")) throw new Error(`Not a SQLite URL: ${url}`);
  return path.resolve(url.slice("file:".length));
}

/**
 * Creates the file if need be and sets WAL: readers go on while one writer writes, and a crash
 * cannot tear the database. Stored in the file; changing it needs the only connection, so this
 * runs before the schema engine or the app opens theirs.
 */
export function prepareSqliteFile(url = databaseUrl()): void {
  fs.mkdirSync(path.dirname(sqlitePath(url)), { recursive: true });
  const sqlite = new Database(sqlitePath(url), { timeout: 10_000 });
  try {
    sqlite.pragma("journal_mode = WAL");
  } finally {
    sqlite.close();
  }
}

/** A consistent copy of the database at one moment, while the app goes on reading and writing. */
export async function backupSqlite(out: string, url = databaseUrl()): Promise<void> {
  const source = new Database(sqlitePath(url), { readonly: true, timeout: 10_000 });
  try {
    await source.backup(out);
  } finally {
    source.close();
  }
}
