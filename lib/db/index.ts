// The one Prisma client of the process. SQLite through better-sqlite3.
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { databaseUrl } from "@/lib/config";

/**
 * SQLite's `synchronous` setting, per connection (journal_mode=WAL is set once, in the file).
 * NORMAL (default): a commit is durable once it returns, against a crash or kill of the app;
 * only an OS crash or power cut can lose the last moments of commits. FULL: every commit also
 * waits for the disk (fsync); measured, it caps check-ins near 100/s on this VM's disk.
 */
export function sqliteSynchronous(): "NORMAL" | "FULL" {
  return process.env.ROLLCALL_SQLITE_SYNCHRONOUS?.toUpperCase() === "FULL" ? "FULL" : "NORMAL";
}

class RollcallSqlite extends PrismaBetterSqlite3 {
  override async connect() {
    const adapter = await super.connect();
    await adapter.executeScript(`PRAGMA synchronous = ${sqliteSynchronous()};`);
    return adapter;
  }
}

export function createPrismaClient(url = databaseUrl()): PrismaClient {
  // `timeout` is SQLite's busy timeout: a writer waits for another instead of failing at once.
  return new PrismaClient({ adapter: new RollcallSqlite({ url, timeout: 10_000 }) });
}

// Kept on globalThis so that Next's dev reloads do not open a connection per edit.
const globalForPrisma = globalThis as unknown as { rollcallPrisma?: PrismaClient };

export const db: PrismaClient = globalForPrisma.rollcallPrisma ?? createPrismaClient();
if (process.env.NODE_ENV !== "production") globalForPrisma.rollcallPrisma = db;
