// Token buckets: `capacity` calls at once, refilled at `perSecond`. On SQLite (one app instance)
// they live in memory. On PostgreSQL, where several instances share the load, they live in the
// RateBucket table, taken in one atomic statement: a kiosk whose calls alternate between
// instances gets the same share as one that always reaches the same instance.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { providerOfClient } from "@/lib/db";

export class RateLimiter {
  private buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    /** Prefix of the shared keys: one table serves every limiter. */
    private readonly name: string,
    private readonly capacity: number,
    private readonly perSecond: number,
  ) {}

  async take(db: PrismaClient, key: string, nowMs = Date.now()): Promise<boolean> {
    if (providerOfClient(db) === "postgresql") return this.takeShared(db, `${this.name}:${key}`, nowMs);
    const b = this.buckets.get(key) ?? { tokens: this.capacity, at: nowMs };
    b.tokens = Math.min(this.capacity, b.tokens + (Math.max(0, nowMs - b.at) / 1000) * this.perSecond);
    b.at = Math.max(b.at, nowMs);
    const ok = b.tokens >= 1;
    if (ok) b.tokens -= 1;
    this.buckets.set(key, b);
    if (this.buckets.size > 10_000) this.buckets.clear(); // bounded memory
    return ok;
  }

  /** One statement: PostgreSQL locks the row, so parallel takes on one key queue up and each sees the last. */
  private async takeShared(db: PrismaClient, key: string, nowMs: number): Promise<boolean> {
    const refill = `LEAST($2::float8, b."tokens" + GREATEST(0, $3::bigint - b."at") * $4::float8 / 1000)`;
    const rows = await db.$queryRawUnsafe<{ granted: boolean }[]>(
      `INSERT INTO "RateBucket" AS b ("key", "tokens", "at", "granted") VALUES ($1, $2::float8 - 1, $3::bigint, true)
       ON CONFLICT ("key") DO UPDATE SET
         "granted" = ${refill} >= 1,
         "tokens" = CASE WHEN ${refill} >= 1 THEN ${refill} - 1 ELSE ${refill} END,
         "at" = GREATEST(b."at", $3::bigint)
       RETURNING "granted"`,
      key,
      this.capacity,
      nowMs,
      this.perSecond,
    );
    return rows[0]?.granted === true;
  }
}

/** Buckets untouched for a day are full again: deleting them changes nothing (the hourly purge). */
export async function purgeRateBuckets(db: PrismaClient, nowMs = Date.now()): Promise<number> {
  return (await db.rateBucket.deleteMany({ where: { at: { lt: BigInt(nowMs - 24 * 3600_000) } } })).count;
}
