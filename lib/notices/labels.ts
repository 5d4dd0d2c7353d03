// What people read for a notice's state: one home for the Notices page and the student page.
import type { NoticeStatus } from "@/lib/generated/prisma/enums";
import { localTime, type SchoolClock } from "@/lib/dates";

export const NOTICE_STATUS_LABEL: Record<NoticeStatus, string> = {
  PENDING: "Waiting",
  SENDING: "Sending",
  SENT: "Sent",
  FAILED: "Failed",
  CANCELLED: "Cancelled",
};

/** A waiting notice's state in words: why it has not gone yet, and when it will (school time). */
export function waitingReason(
  n: { sendAfter: Date; nextAttemptAt: Date | null; attempts: number },
  mailConfigured: boolean,
  at: Date,
  clock: SchoolClock,
): string {
  if (!mailConfigured) return "not sent: mail not configured";
  if (n.nextAttemptAt && n.nextAttemptAt > at) return `tries again at ${localTime(n.nextAttemptAt, clock)} (try ${n.attempts + 1})`;
  if (n.sendAfter > at) return `goes out at ${localTime(n.sendAfter, clock)}`;
  return "due: goes out within a minute";
}
