// One-time password links, one mechanism for two purposes: an admin's invite (valid 72 hours, for
// a teacher to set their own password instead of an admin choosing one and passing it on) and a
// reset a staff member asks for on the sign-in page (valid 1 hour, emailed to the account). The
// token is random (256 bits) and stored hashed only, like a kiosk's pairing code; a new link
// replaces any unused one of the same account and purpose, and using one ends every sign-in made
// with an older password and every other unused link.
import crypto from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { hashSecret } from "@/lib/auth/password";
import { throttleKey } from "@/lib/auth/throttle";
import { writeAudit, type Actor } from "@/lib/audit";
import { CHECK_FIELDS, type ActionResult, type Failure } from "@/lib/result";
import { email as emailSchema, newPassword } from "@/lib/validations/user";
import { createMailer, mailConfig, sendFailure, type MailConfig } from "@/lib/mail";
import type { Db } from "@/lib/db/types";

export type LinkPurpose = "invite" | "reset";

export const LINK_TTL_MS: Record<LinkPurpose, number> = { invite: 72 * 3600_000, reset: 3600_000 };
export const INVITE_TTL_MS = LINK_TTL_MS.invite;
export const RESET_TTL_MS = LINK_TTL_MS.reset;

const LINK_PATHS: Record<LinkPurpose, string> = { invite: "/invite", reset: "/reset-password" };

const hash = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

export function inviteLink(base: string, token: string, purpose: LinkPurpose = "invite"): string {
  return `${base.replace(/\/$/, "")}${LINK_PATHS[purpose]}?token=${token}`;
}

/** Stores a new link's hash (made by the caller, see `requestPasswordReset`), replacing the account's unused one of that purpose. */
async function storeLink(tx: Db, userId: string, purpose: LinkPurpose, tokenHash: string, at: Date): Promise<Date> {
  const expiresAt = new Date(at.getTime() + LINK_TTL_MS[purpose]);
  await tx.inviteLink.deleteMany({ where: { userId, purpose, usedAt: null } });
  await tx.inviteLink.create({ data: { userId, purpose, tokenHash, createdAt: at, expiresAt } });
  return expiresAt;
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
    const expiresAt = await storeLink(tx, userId, "invite", hash(token), at);
    await writeAudit(tx, actor, {
      action: "user.invite",
      targetType: "User",
      targetId: userId,
      after: { expiresAt: expiresAt.toISOString() },
    });
    return { ok: true as const, token, expiresAt, user: { email: user.email, name: user.name } };
  });
}

/** A reset link made for an account, to be emailed; null when the email names no active account. */
export type PasswordReset = { token: string; expiresAt: Date; user: { email: string; name: string } } | null;

/**
 * A reset link for the active account with this email, asked for on the sign-in page by whoever
 * typed the address. An unknown or deactivated address writes nothing and answers null; the token
 * is made and hashed either way, so that both cost the same until the lookup.
 */
export async function requestPasswordReset(
  db: PrismaClient,
  email: unknown,
  at: Date,
): Promise<{ ok: true; reset: PasswordReset } | { ok: false; message: string; fieldErrors: { email: string[] } }> {
  const parsed = emailSchema.safeParse(email);
  if (!parsed.success) return { ok: false, message: CHECK_FIELDS, fieldErrors: { email: [parsed.error.issues[0].message] } };
  const token = crypto.randomBytes(32).toString("base64url");
  const tokenHash = hash(token);
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email: parsed.data } });
    if (!user?.active) return { ok: true as const, reset: null };
    const expiresAt = await storeLink(tx, user.id, "reset", tokenHash, at);
    await writeAudit(
      tx,
      { label: "sign-in page (forgot password)" },
      { action: "user.password-reset-request", targetType: "User", targetId: user.id, after: { expiresAt: expiresAt.toISOString() } },
    );
    return { ok: true as const, reset: { token, expiresAt, user: { email: user.email, name: user.name } } };
  });
}

export type InviteState =
  | { ok: true; email: string; name: string; purpose: LinkPurpose }
  | { ok: false; reason: "invalid" | "used" | "expired" | "inactive"; message: string };

const REFUSALS = {
  invite: {
    invalid: "This link is not valid. Ask an admin for a new one.",
    used: "This link was used already. Sign in with your password, or ask an admin for a new link.",
    expired: "This link has expired (links last 72 hours). Ask an admin for a new one.",
    inactive: "This account is deactivated. Ask an admin.",
  },
  reset: {
    invalid: "This link is not valid. Ask for a new one on the sign-in page (Forgot your password?).",
    used: "This link was used already. Sign in with your password, or ask for a new link on the sign-in page.",
    expired: "This link has expired (reset links last 1 hour). Ask for a new one on the sign-in page.",
    inactive: "This account is deactivated. Ask an admin.",
  },
} as const;

type Refusal = keyof (typeof REFUSALS)["invite"];

const refused = (purpose: LinkPurpose, reason: Refusal): InviteState => ({ ok: false, reason, message: REFUSALS[purpose][reason] });

const isPurpose = (value: string): value is LinkPurpose => value in LINK_TTL_MS;

/** What a link is now, for the page that opens it (`expected`: the page's kind, for a link it cannot find). */
export async function checkInvite(
  db: Pick<PrismaClient, "inviteLink">,
  token: unknown,
  at: Date,
  expected: LinkPurpose = "invite",
): Promise<InviteState> {
  if (typeof token !== "string" || !/^[A-Za-z0-9_-]{43}$/.test(token)) return refused(expected, "invalid");
  const invite = await db.inviteLink.findUnique({ where: { tokenHash: hash(token) }, include: { user: true } });
  if (!invite || !isPurpose(invite.purpose)) return refused(expected, "invalid");
  const purpose = invite.purpose;
  if (invite.usedAt) return refused(purpose, "used");
  if (invite.expiresAt <= at) return refused(purpose, "expired");
  if (!invite.user.active) return refused(purpose, "inactive");
  return { ok: true, email: invite.user.email, name: invite.user.name, purpose };
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
  const { purpose } = state;
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
    if (used.count !== 1) return { ok: false as const, message: REFUSALS[purpose].used };
    const invite = await tx.inviteLink.findUniqueOrThrow({ where: { tokenHash: hash(token as string) }, include: { user: true } });
    await tx.user.update({ where: { id: invite.userId }, data: { passwordHash } });
    await tx.loginThrottle.deleteMany({ where: { key: throttleKey("email", invite.user.email) } });
    await tx.staffSession.updateMany({ where: { userId: invite.userId, revokedAt: null }, data: { revokedAt: at } });
    // Links made for the old password go too: an invite left over must not undo a reset.
    await tx.inviteLink.deleteMany({ where: { userId: invite.userId, usedAt: null } });
    await writeAudit(
      tx,
      { userId: invite.userId, label: invite.user.email },
      { action: purpose === "invite" ? "user.invite-used" : "user.password-reset", targetType: "User", targetId: invite.userId },
    );
    return { ok: true as const, message: "Password set.", data: { email: invite.user.email } };
  });
}

type LinkMail = { user: { email: string; name: string }; link: string; until: string };

const MAIL_TEXT: Record<LinkPurpose, (mail: LinkMail, school: string) => { subject: string; text: string }> = {
  invite: ({ user, link, until }, school) => ({
    subject: `Your Rollcall sign-in for ${school}`,
    text: `Hello ${user.name},\n\nSet your Rollcall password for ${school} with this link (it works once, until ${until}):\n\n${link}\n\nYou will then be signed in. If you did not expect this, ignore it.\n`,
  }),
  reset: ({ user, link, until }, school) => ({
    subject: `Reset your Rollcall password for ${school}`,
    text: `Hello ${user.name},\n\nSomeone asked to reset your Rollcall password for ${school} on the sign-in page. Choose a new password with this link (it works once, until ${until}):\n\n${link}\n\nYou will then be signed in, and signed out everywhere else. If it was not you, ignore this email: your password stays as it is.\n`,
  }),
};

/** Sends a link to its account's email; throws when mail is not configured or the server refuses. */
export async function emailLink(purpose: LinkPurpose, mail: LinkMail, school: string, config: MailConfig = mailConfig()): Promise<void> {
  const mailer = createMailer(config);
  if (!mailer || !config.ok) throw new Error("Mail is not configured.");
  try {
    await mailer.send({
      from: { name: school, address: config.from },
      to: mail.user.email,
      ...MAIL_TEXT[purpose](mail, school),
      messageId: `<${purpose}.${crypto.randomUUID()}@${config.from.split("@")[1]}>`,
      headers: {},
    });
  } finally {
    mailer.close();
  }
}

/**
 * Emails an invite link to its teacher when the school has configured mail; nothing is sent
 * otherwise. What happened, as a sentence to add to the admin's answer ("" when mail is off).
 */
export async function emailInvite(invite: LinkMail, school: string, config: MailConfig = mailConfig()): Promise<string> {
  if (!config.ok) return "";
  try {
    await emailLink("invite", invite, school, config);
    return ` Emailed to ${invite.user.email}.`;
  } catch (error) {
    return ` It could not be emailed (${sendFailure(error).reason}): hand it on yourself.`;
  }
}
