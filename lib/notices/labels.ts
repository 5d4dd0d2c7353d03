// What people read for a notice's state: one home for the Notices page, the student page and the CLI.
import type { NoticeStatus } from "@/lib/generated/prisma/enums";

export const NOTICE_STATUS_LABEL: Record<NoticeStatus, string> = {
  PENDING: "Waiting",
  SENDING: "Sending",
  SENT: "Sent",
  FAILED: "Failed",
  CANCELLED: "Cancelled",
};

/** A waiting notice's state in words: why it has not gone yet. */
export function waitingReason(
  n: { sendAfter: Date; nextAttemptAt: Date | null; attempts: number },
  mailConfigured: boolean,
  at: Date,
): string {
  if (!mailConfigured) return "not sent: mail not configured";
  if (n.nextAttemptAt && n.nextAttemptAt > at) return `try ${n.attempts + 1} after a failure`;
  if (n.sendAfter > at) return "waits for its send time";
  return "due: goes out within a minute";
}
