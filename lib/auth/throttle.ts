// Sign-in throttling, per account and per client address, kept in the database so
// that it holds across restarts and app instances. After too many failures inside
// the window the key is locked for a while; a success clears the account's count.
import type { PrismaClient } from "@/lib/generated/prisma/client";

export const THROTTLE_RULES = {
  email: { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
  ip: { maxFailures: 20, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
} as const;

export type ThrottleKind = keyof typeof THROTTLE_RULES;

export function throttleKey(kind: ThrottleKind, value: string): string {
  return `${kind}:${value.trim().toLowerCase()}`;
}

/** The instant until which any key is locked, or null when sign-in may be tried. */
export async function lockedUntil(db: PrismaClient, keys: string[], now = new Date()): Promise<Date | null> {
  const rows = await db.loginThrottle.findMany({ where: { key: { in: keys }, lockedUntil: { gt: now } } });
  if (rows.length === 0) return null;
  return new Date(Math.max(...rows.map((r) => r.lockedUntil!.getTime())));
}

export async function recordFailure(db: PrismaClient, kind: ThrottleKind, key: string, now = new Date()): Promise<void> {
  const rule = THROTTLE_RULES[kind];
  await db.$transaction(async (tx) => {
    const row = await tx.loginThrottle.findUnique({ where: { key } });
    const windowOpen = row && now.getTime() - row.windowStart.getTime() < rule.windowMs;
    const failures = windowOpen ? row.failures + 1 : 1;
    const data = {
      failures,
      windowStart: windowOpen ? row.windowStart : now,
      lockedUntil: failures >= rule.maxFailures ? new Date(now.getTime() + rule.lockMs) : null,
    };
    await tx.loginThrottle.upsert({ where: { key }, create: { key, ...data }, update: data });
  });
}

export async function clearFailures(db: PrismaClient, key: string): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { key } });
}
