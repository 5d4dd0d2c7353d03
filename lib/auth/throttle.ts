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
// Real time (like sign-ins, app/current-user.ts): a lockout is about the real minutes that pass.
export async function lockedUntil(db: PrismaClient, keys: string[], now = new Date()): Promise<Date | null> {
  const rows = await db.loginThrottle.findMany({ where: { key: { in: keys }, lockedUntil: { gt: now } } });
  if (rows.length === 0) return null;
  return new Date(Math.max(...rows.map((r) => r.lockedUntil!.getTime())));
}

/**
 * Takes one try for the key before the slow password check, counted as a failure until
 * `releaseAttempt` or `clearFailures` says otherwise: checked and counted in one transaction, so a
 * parallel burst gets at most `maxFailures` checks (checking first and counting after let 100
 * parallel tries through). False when the key is locked.
 */
export async function reserveAttempt(db: PrismaClient, kind: ThrottleKind, key: string, now = new Date()): Promise<boolean> {
  const rule = THROTTLE_RULES[kind];
  return db.$transaction(async (tx) => {
    const row = await tx.loginThrottle.findUnique({ where: { key } });
    if (row?.lockedUntil && row.lockedUntil > now) return false;
    const lockOver = row?.lockedUntil && row.lockedUntil <= now;
    const windowOpen = row && !lockOver && now.getTime() - row.windowStart.getTime() < rule.windowMs;
    const failures = windowOpen ? row.failures + 1 : 1;
    const data = {
      failures,
      windowStart: windowOpen ? row.windowStart : now,
      lockedUntil: failures >= rule.maxFailures ? new Date(now.getTime() + rule.lockMs) : null,
    };
    await tx.loginThrottle.upsert({ where: { key }, create: { key, ...data }, update: data });
    return true;
  });
}

/** Gives back a try taken by `reserveAttempt` that did not fail (a success, or another key was locked). */
export async function releaseAttempt(db: PrismaClient, kind: ThrottleKind, key: string): Promise<void> {
  const rule = THROTTLE_RULES[kind];
  await db.$transaction(async (tx) => {
    const row = await tx.loginThrottle.findUnique({ where: { key } });
    if (!row || row.failures === 0) return;
    const failures = row.failures - 1;
    await tx.loginThrottle.update({
      where: { key },
      data: { failures, lockedUntil: failures >= rule.maxFailures ? row.lockedUntil : null },
    });
  });
}

export async function clearFailures(db: PrismaClient, key: string): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { key } });
}
