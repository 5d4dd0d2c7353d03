// The opt-out link in every notice: a signed token naming the guardian, so a family stops the
// notices without an account. Signed with the app's secret (shared by all instances); a token
// cannot be made for another guardian or altered, and using it twice changes nothing.
import crypto from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { baseUrl, ensureSecrets } from "@/lib/config";
import { writeAudit } from "@/lib/audit";

const PURPOSE = "rollcall:notice-opt-out:v1:";

function mac(guardianId: string, secret: string): string {
  return crypto
    .createHmac("sha256", secret)
    .update(PURPOSE + guardianId)
    .digest("base64url");
}

export function optOutToken(guardianId: string, secret = ensureSecrets().authSecret): string {
  return `${guardianId}.${mac(guardianId, secret)}`;
}

/** The guardian a token names, or null for anything that was not made by optOutToken. */
export function verifyOptOutToken(token: unknown, secret = ensureSecrets().authSecret): string | null {
  if (typeof token !== "string" || token.length > 200) return null;
  const m = /^([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return null;
  const expected = Buffer.from(mac(m[1], secret));
  const given = Buffer.from(m[2]);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected) ? m[1] : null;
}

/** The link in a notice's text: a page with a button (a link scanner opening it changes nothing). */
export function optOutUrl(guardianId: string, base = baseUrl()): string {
  return `${base}/notices/opt-out?token=${encodeURIComponent(optOutToken(guardianId))}`;
}

/** The List-Unsubscribe header's link: a mail client's one-click POST (RFC 8058). */
export function oneClickOptOutUrl(guardianId: string, base = baseUrl()): string {
  return `${base}/notices/opt-out/one-click?token=${encodeURIComponent(optOutToken(guardianId))}`;
}

export type OptOutResult = "opted-out" | "already" | "invalid";

/**
 * Stops notices to the guardian a token names (and cancels any not yet sent). "already" when the
 * link was used before: the first use is the one the audit records.
 */
export async function optOut(db: PrismaClient, token: unknown, at: Date): Promise<OptOutResult> {
  const guardianId = verifyOptOutToken(token);
  if (!guardianId) return "invalid";
  return db.$transaction(async (tx) => {
    const changed = await tx.guardian.updateMany({ where: { id: guardianId, optedOutAt: null }, data: { optedOutAt: at } });
    if (changed.count === 0) return (await tx.guardian.count({ where: { id: guardianId } })) ? "already" : "invalid";
    await tx.notice.updateMany({
      where: { guardianId, status: "PENDING" },
      data: { status: "CANCELLED", lastError: "The guardian opted out." },
    });
    await writeAudit(
      tx,
      { label: "guardian (opt-out link)" },
      { action: "guardian.opt-out", targetType: "Guardian", targetId: guardianId },
    );
    return "opted-out";
  });
}
