// Staff accounts: creation, first admin, sign-in checks. Shared by the app, the CLI and tests.
import crypto from "node:crypto";
import type { PrismaClient, User } from "@/lib/generated/prisma/client";
import { hashSecret, timingDummyHash, verifySecret } from "@/lib/auth/password";
import { clearFailures, lockedUntil, releaseAttempt, reserveAttempt, throttleKey } from "@/lib/auth/throttle";
import { createUserSchema, newPassword, signInSchema, type CreateUserInput } from "@/lib/validations/user";
import { writeAudit, type Actor } from "@/lib/audit";
import { InputError } from "@/lib/result";

export class UserInputError extends InputError {}

export async function createUser(db: PrismaClient, input: CreateUserInput, actor: Actor): Promise<User> {
  const parsed = createUserSchema.safeParse(input);
  if (!parsed.success) throw new UserInputError(parsed.error.issues.map((i) => i.message).join(" "));
  const { email, name, role, password } = parsed.data;
  if (await db.user.findUnique({ where: { email } })) throw new UserInputError(`A user with email ${email} already exists.`);
  const passwordHash = await hashSecret(password);
  return db.$transaction(async (tx) => {
    const user = await tx.user.create({ data: { email, name, role, passwordHash } });
    await writeAudit(tx, actor, { action: "user.create", targetType: "User", targetId: user.id, after: { email, name, role } });
    return user;
  });
}

/** A readable random password (no look-alike characters), for generated accounts. */
export function generatePassword(length = 16): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  return Array.from(crypto.randomBytes(length), (b) => alphabet[b % alphabet.length]).join("");
}

/**
 * Creates the first admin when there is no admin yet: from ROLLCALL_ADMIN_EMAIL /
 * ROLLCALL_ADMIN_PASSWORD if set, else admin@rollcall.local with a generated password.
 * Returns the credentials when it created one (the caller prints them once), else null.
 */
export async function ensureFirstAdmin(
  db: PrismaClient,
  env: Record<string, string | undefined> = process.env,
): Promise<{ email: string; password: string; generated: boolean } | null> {
  if ((await db.user.count({ where: { role: "ADMIN" } })) > 0) return null;
  const email = env.ROLLCALL_ADMIN_EMAIL ?? "admin@rollcall.local";
  const generated = !env.ROLLCALL_ADMIN_PASSWORD;
  const password = env.ROLLCALL_ADMIN_PASSWORD ?? generatePassword();
  await createUser(db, { email, name: env.ROLLCALL_ADMIN_NAME ?? "Administrator", role: "ADMIN", password }, { label: "system" });
  return { email, password, generated };
}

export type SignInResult =
  { ok: true; user: Pick<User, "id" | "email" | "name" | "role"> } | { ok: false; reason: "invalid" | "throttled"; retryAt?: Date };

/** Checks credentials with throttling per account and per client address. */
export async function checkSignIn(db: PrismaClient, raw: unknown, clientAddress: string | null, now = new Date()): Promise<SignInResult> {
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password } = parsed.data;
  const emailKey = throttleKey("email", email);
  const ipKey = clientAddress ? throttleKey("ip", clientAddress) : null;
  const keys = ipKey ? [emailKey, ipKey] : [emailKey];

  // Take the tries before the slow check (see reserveAttempt, which also refuses a locked key):
  // a parallel burst checks at most the limit.
  if (!(await reserveAttempt(db, "email", emailKey, now)))
    return { ok: false, reason: "throttled", retryAt: (await lockedUntil(db, keys, now)) ?? now };
  if (ipKey && !(await reserveAttempt(db, "ip", ipKey, now))) {
    await releaseAttempt(db, "email", emailKey);
    return { ok: false, reason: "throttled", retryAt: (await lockedUntil(db, keys, now)) ?? now };
  }

  const user = await db.user.findUnique({ where: { email } });
  const valid = await verifySecret(user?.passwordHash ?? (await timingDummyHash()), password);
  // A failure stays counted (it was counted before the check).
  if (!user || !user.active || !valid) return { ok: false, reason: "invalid" };
  if (ipKey) await releaseAttempt(db, "ip", ipKey);
  await clearFailures(db, emailKey);
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: now } });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role } };
}

/** Sets a staff member's password (e.g. a teacher imported from the roster, who has none yet). */
export async function setPassword(db: PrismaClient, email: string, password: string, actor: Actor): Promise<User> {
  const parsed = newPassword.safeParse(password);
  if (!parsed.success) throw new UserInputError(parsed.error.issues[0].message);
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user) throw new UserInputError(`No account has the email ${email}.`);
  const passwordHash = await hashSecret(parsed.data);
  return db.$transaction(async (tx) => {
    const updated = await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    await tx.loginThrottle.deleteMany({ where: { key: throttleKey("email", user.email) } });
    // A new password ends every sign-in made with the old one.
    await tx.staffSession.updateMany({ where: { userId: user.id, revokedAt: null }, data: { revokedAt: new Date() } });
    await writeAudit(tx, actor, { action: "user.password", targetType: "User", targetId: user.id });
    return updated;
  });
}

export async function setUserActive(db: PrismaClient, id: string, active: boolean, actor: Actor): Promise<User> {
  return db.$transaction(async (tx) => {
    if (!(await tx.user.count({ where: { id } }))) throw new UserInputError("No such account.", "not_found");
    const user = await tx.user.update({ where: { id }, data: { active } });
    // Deactivation ends every sign-in, and so does reactivation: a cookie copied before the
    // account was deactivated must not come back to life with it.
    await tx.staffSession.updateMany({ where: { userId: id, revokedAt: null }, data: { revokedAt: new Date() } });
    await writeAudit(tx, actor, { action: active ? "user.activate" : "user.deactivate", targetType: "User", targetId: id });
    return user;
  });
}
