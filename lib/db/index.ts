// The one Prisma client of the process: SQLite through better-sqlite3 (the default), or
// PostgreSQL through node-postgres when DATABASE_URL says postgresql://.
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "@/lib/generated/prisma-pg/client";
import { databaseUrl } from "@/lib/config";
import { providerOf, type Provider } from "@/lib/db/provider";

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

/** Connections per app instance to PostgreSQL (node-postgres pool); ROLLCALL_PG_POOL_SIZE overrides. */
export function postgresPoolSize(): number {
  const n = Number(process.env.ROLLCALL_PG_POOL_SIZE ?? 10);
  return Number.isInteger(n) && n >= 1 && n <= 200 ? n : 10;
}

const providers = new WeakMap<object, Provider>();

/** The database behind a client made by createPrismaClient (SQLite for anything else). */
export function providerOfClient(db: object): Provider {
  return providers.get(db) ?? "sqlite";
}

// A burst of N transactions on one row serialises into up to N rounds: enough tries for a
// class's worth of kiosks racing on one student, with jitter so they do not collide again.
const RETRIES = 30;
const isSerializationFailure = (e: unknown) => {
  const err = e as { code?: string; message?: string; cause?: { originalCode?: string } };
  return err?.code === "P2034" || err?.cause?.originalCode === "40001" || /could not serialize|deadlock detected/i.test(err?.message ?? "");
};

/**
 * PostgreSQL runs every interactive transaction SERIALIZABLE, and retries one that lost a race
 * (P2034, SQLSTATE 40001). The domain code was written for SQLite, where one writer at a time
 * makes every read-then-write transaction serial (the sign-in throttle, PIN lockout, pairing
 * codes, closing a session); SERIALIZABLE keeps those guarantees with several connections and
 * several app instances, and the retry makes the lost race invisible to the caller.
 */
function serializableWithRetry(client: PrismaClient): PrismaClient {
  const original = client.$transaction.bind(client) as (...args: unknown[]) => Promise<unknown>;
  (client as { $transaction: unknown }).$transaction = async (...args: unknown[]) => {
    if (typeof args[0] !== "function") return original(...args);
    for (let attempt = 1; ; attempt++) {
      try {
        return await original(...args);
      } catch (e) {
        if (attempt >= RETRIES || !isSerializationFailure(e)) throw e;
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(100, 5 * attempt)));
      }
    }
  };
  return client;
}

export function createPrismaClient(url = databaseUrl()): PrismaClient {
  if (providerOf(url) === "postgresql") {
    // The two generated clients have the same models and API; the app is typed against SQLite's.
    const client = new PostgresPrismaClient({
      adapter: new PrismaPg({ connectionString: url, max: postgresPoolSize() }),
      transactionOptions: { isolationLevel: "Serializable", maxWait: 10_000, timeout: 20_000 },
    }) as unknown as PrismaClient;
    providers.set(client, "postgresql");
    return serializableWithRetry(client);
  }
  // `timeout` is SQLite's busy timeout: a writer waits for another instead of failing at once.
  const client = new PrismaClient({ adapter: new RollcallSqlite({ url, timeout: 10_000 }) });
  providers.set(client, "sqlite");
  return client;
}

// Kept on globalThis so that Next's dev reloads do not open a connection per edit.
const globalForPrisma = globalThis as unknown as { rollcallPrisma?: PrismaClient };

export const db: PrismaClient = globalForPrisma.rollcallPrisma ?? createPrismaClient();
if (process.env.NODE_ENV !== "production") globalForPrisma.rollcallPrisma = db;

/**
 * A case-insensitive "contains" filter on either database: SQLite's LIKE ignores ASCII case by
 * itself; PostgreSQL needs `mode: "insensitive"` (ILIKE), which SQLite's client does not know.
 */
export function containsText(client: object, text: string): { contains: string } {
  return providerOfClient(client) === "postgresql" ? ({ contains: text, mode: "insensitive" } as { contains: string }) : { contains: text };
}
