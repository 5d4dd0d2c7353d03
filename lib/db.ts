// The one Prisma client of the process. SQLite through better-sqlite3.
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { databaseUrl } from "@/lib/config";

export function createPrismaClient(url = databaseUrl()): PrismaClient {
  // `timeout` is SQLite's busy timeout: a writer waits for another instead of failing at once.
  const adapter = new PrismaBetterSqlite3({ url, timeout: 10_000 });
  return new PrismaClient({ adapter });
}

// Kept on globalThis so that Next's dev reloads do not open a connection per edit.
const globalForPrisma = globalThis as unknown as { rollcallPrisma?: PrismaClient };

export const db: PrismaClient = globalForPrisma.rollcallPrisma ?? createPrismaClient();
if (process.env.NODE_ENV !== "production") globalForPrisma.rollcallPrisma = db;
