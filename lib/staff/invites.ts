// Invite links: a one-time link (valid 72 hours) with which a teacher sets their own password and
// is signed in, instead of an admin choosing one and passing it on. The link's token is random
// (256 bits) and stored hashed only, like a kiosk's pairing code; a new link replaces any unused
// one of the same account, and using it ends every sign-in made with an older password.
import crypto from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { hashSecret } from "@/lib/auth/password";
import { throttleKey } from "@/lib/auth/throttle";
import { writeAudit, type Actor } from "@/lib/audit";
import { CHECK_FIELDS, type ActionResult, type Failure } from "@/lib/result";
import { newPassword } from "@/lib/validations/user";
import { createMailer, mailConfig, sendFailure, type MailConfig } from "@/lib/mail";

export const INVITE_TTL_MS = 72 * 3600_000;

const hash = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

export function inviteLink(base: string, token: string): string {
  return `${base.replace(/\/$/, "")}/invite?token=${token}`;
}

/**
 * A new link for an active teacher's account; the previous unused one stops working. Never for an
 * admin: a link that sets an admin's password is a takeover of the school for whoever reads it.
 */
export async function createInvite(
  db: PrismaClient,
  userId: string,
  actor: Actor,
  at: Date,
): Promise<{ ok: true; token: string; expiresAt: Date; user: { email: string; name: string } } | Failure> {
  const token = crypto.randomBytes(32).toString("base64url");
  const expiresAt = new Date(at.getTime() + INVITE_TTL_MS);
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) return { ok: false as const, code: "not_found" as const, message: "No such account." };
    if (!user.active) return { ok: false as const, code: "refused" as const, message: "That account is deactivated: reactivate it first." };
    if (user.role !== "TEACHER")
      return {
        ok: false as const,
        code: "forbidden" as const,
        message: "Invite links are for teachers: an admin sets their own password.",
      };
    await tx.inviteLink.deleteMany({ where: { userId, usedAt: null } });
    await tx.inviteLink.create({ data: { userId, tokenHash: hash(token), createdAt: at, expiresAt } });
    await writeAudit(tx, actor, {
      action: "user.invite",
      targetType: "User",
      targetId: userId,
      after: { expiresAt: expiresAt.toISOString() },
    });
    return { ok: true as const, token, expiresAt, user: { email: user.email, name: user.name } };
  });
}

export type InviteState =
  { ok: true; email: string; name: string } | { ok: false; reason: "invalid" | "used" | "expired" | "inactive"; message: string };

const REFUSALS = {
  invalid: "This link is not valid. Ask an admin for a new one.",
  used: "This link was used already. Sign in with your password, or ask an admin for a new link.",
  expired: "This link has expired (links last 72 hours). Ask an admin for a new one.",
  inactive: "This account is deactivated. Ask an admin.",
} as const;

const refused = (reason: keyof typeof REFUSALS): InviteState => ({ ok: false, reason, message: REFUSALS[reason] });

/** What a link is now, for the page that opens it. */
export async function checkInvite(db: Pick<PrismaClient, "inviteLink">, token: unknown, at: Date): Promise<InviteState> {
  if (typeof token !== "string" || !/^[A-Za-z0-9_-]{43}$/.test(token)) return refused("invalid");
  const invite = await db.inviteLink.findUnique({ where: { tokenHash: hash(token) }, include: { user: true } });
  if (!invite) return refused("invalid");
  if (invite.usedAt) return refused("used");
  if (invite.expiresAt <= at) return refused("expired");
  if (!invite.user.active) return refused("inactive");
  return { ok: true, email: invite.user.email, name: invite.user.name };
}

/** Sets the password through the link, once. On success, the account's email for signing in. */
export async function redeemInvite(
  db: PrismaClient,
  token: unknown,
  password: unknown,
  at: Date,
): Promise<ActionResult<{ email: string }>> {
  const parsed = newPassword.safeParse(password);
  const state = await checkInvite(db, token, at);
  if (!state.ok) return { ok: false, message: state.message };
  if (!parsed.success)
    // The reason goes with the field only: the form shows both the message and the field's errors.
    return { ok: false, message: CHECK_FIELDS, fieldErrors: { password: [parsed.error.issues[0].message] } };
  const passwordHash = await hashSecret(parsed.data);
  return db.$transaction(async (tx) => {
    // The one statement that uses the link: two tabs submitting at once, one wins.
    const used = await tx.inviteLink.updateMany({
      where: { tokenHash: hash(token as string), usedAt: null, expiresAt: { gt: at } },
      data: { usedAt: at },
    });
    if (used.count !== 1) return { ok: false as const, message: REFUSALS.used };
    const invite = await tx.inviteLink.findUniqueOrThrow({ where: { tokenHash: hash(token as string) }, include: { user: true } });
    await tx.user.update({ where: { id: invite.userId }, data: { passwordHash } });
    await tx.loginThrottle.deleteMany({ where: { key: throttleKey("email", invite.user.email) } });
    await tx.staffSession.updateMany({ where: { userId: invite.userId, revokedAt: null }, data: { revokedAt: at } });
    await writeAudit(
      tx,
      { userId: invite.userId, label: invite.user.email },
      { action: "user.invite-used", targetType: "User", targetId: invite.userId },
    );
    return { ok: true as const, message: "Password set.", data: { email: invite.user.email } };
  });
}

/**
 * Emails an invite link to its teacher when the school has configured mail; nothing is sent
 * otherwise. What happened, as a sentence to add to the admin's answer ("" when mail is off).
 */
export async function emailInvite(
  invite: { user: { email: string; name: string }; link: string; until: string },
  school: string,
  config: MailConfig = mailConfig(),
): Promise<string> {
  const mailer = createMailer(config);
  if (!mailer || !config.ok) return "";
  try {
    await mailer.send({
      from: { name: school, address: config.from },
      to: invite.user.email,
      subject: `Your Rollcall sign-in for ${school}`,
      text: `Hello ${invite.user.name},\n\nSet your Rollcall password for ${school} with this link (it works once, until ${invite.until}):\n\n${invite.link}\n\nYou will then be signed in. If you did not expect this, ignore it.\n`,
      messageId: `<invite.${crypto.randomUUID()}@${config.from.split("@")[1]}>`,
      headers: {},
    });
    return ` Emailed to ${invite.user.email}.`;
  } catch (error) {
    return ` It could not be emailed (${sendFailure(error).reason}): hand it on yourself.`;
  } finally {
    mailer.close();
  }
}
