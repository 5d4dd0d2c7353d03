// Guardian absence notices: an outbox table filled from closed sessions and emptied by a sender.
//
// - queueNotices: for one school day, every guardian (active, with an email, not opted out) of a
//   student (active, not "do not contact") with a reported status in a closed session gets one
//   ABSENCE notice row, keyed by guardian, student, day and kind: a second pass, another instance
//   or a restart finds the row and adds nothing. Its send time is the school's send time, or the
//   session's close plus a delay for teachers' corrections. Optionally a CORRECTION row when a
//   reported absence changed after the notice went out.
// - sendDueNotices: claims each due row (one conditional update: exactly one sender wins),
//   works out what to say from the records as they are now (so a correction to present before
//   the send time cancels it), sends it, and records the outcome; failures retry with backoff,
//   then show as failed with the server's reason. A sender that dies holding a claim leaves it to
//   be taken over once older than any send can take.
//
// Exactly once has one gap SMTP itself has (RFC 1047): a sender killed after the server accepted
// a message but before the row says so resends it after the takeover. Each notice keeps one
// Message-ID, so the receiving mail system can tell the two apart.
import type { Notice, Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { AttendanceStatus, NoticeKind } from "@/lib/generated/prisma/enums";
import { writeAudit, type Actor } from "@/lib/audit";
import { formatLongDay, instantOf, localDate, localTime, type SchoolClock } from "@/lib/dates";
import { isUniqueViolation } from "@/lib/db/races";
import { schoolSettings, type NoticeSettings, type SchoolSettings } from "@/lib/settings";
import { STATUS_LABEL } from "@/lib/attendance/statuses";
import { personName, studentName } from "@/lib/names";
import { renderCorrection, renderNotice, type ReportedSession } from "./template";
import { sendFailure, type Mailer } from "@/lib/mail";
import { oneClickOptOutUrl, optOutUrl } from "./opt-out";

/** A claim older than this is a dead sender's: the nodemailer timeouts end any real send sooner. */
export const CLAIM_STALE_MS = 3 * 60_000;
/** Waits before the 2nd, 3rd, … try. Six tries over about five hours; a 5xx refusal gets two. */
export const RETRY_BACKOFF_MS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000, 4 * 60 * 60_000];
const MAX_TRIES = RETRY_BACKOFF_MS.length + 1;
const MAX_TRIES_REFUSED = 2;
/** A notice not sent within a day of its time (mail down or unconfigured all that while) is news no more. */
export const NOTICE_EXPIRY_MS = 24 * 3600_000;

const SYSTEM: Actor = { label: "system" };

/** The statuses a school reports: unexcused absence always, excused absence and tardy if chosen. */
export function reportedStatuses(n: Pick<NoticeSettings, "excused" | "tardy">): AttendanceStatus[] {
  return ["UNEXCUSED_ABSENCE", ...(n.excused ? ["EXCUSED_ABSENCE" as const] : []), ...(n.tardy ? ["TARDY" as const] : [])];
}

type Db = PrismaClient;
/** Reads and writes that also run inside a transaction (a teacher's correction). */
type Tx = Prisma.TransactionClient;

type DayRecord = {
  studentId: string;
  status: AttendanceStatus;
  session: { id: string; closedAt: Date | null; startsAt: Date; class: { code: string; title: string } };
};

function reported(r: DayRecord, clock: SchoolClock): ReportedSession {
  return {
    sessionId: r.session.id,
    classCode: r.session.class.code,
    classTitle: r.session.class.title,
    time: localTime(r.session.startsAt, clock),
    status: STATUS_LABEL[r.status],
  };
}

/** The reportable records of the day's closed sessions, for the given students (all when omitted). */
async function dayRecords(db: Tx, date: string, statuses: AttendanceStatus[], studentIds?: string[]): Promise<DayRecord[]> {
  return db.attendanceRecord.findMany({
    where: {
      status: { in: statuses },
      session: { date, status: "CLOSED" },
      ...(studentIds ? { studentId: { in: studentIds } } : {}),
    },
    select: {
      studentId: true,
      status: true,
      session: { select: { id: true, closedAt: true, startsAt: true, class: { select: { code: true, title: true } } } },
    },
    orderBy: { session: { startsAt: "asc" } },
  });
}

/** Guardians who may be told: on the roster, with an address, not opted out. */
const REACHABLE_GUARDIAN = { status: "ACTIVE", email: { not: null }, optedOutAt: null } satisfies Prisma.GuardianWhereInput;

/** When the notice for absences first known at `closedAt` may go. */
function sendAfterOf(settings: SchoolSettings, date: string, closedAt: Date): Date {
  const afterClose = closedAt.getTime() + settings.notices.delayMinutes * 60_000;
  const sendTime = settings.notices.sendMinute === null ? 0 : instantOf(date, settings.notices.sendMinute, settings.timeZone).getTime();
  return new Date(Math.max(afterClose, sendTime));
}

export type PlannedNotice = {
  guardianId: string;
  studentId: string;
  kind: NoticeKind;
  sendAfter: Date;
  sessions: ReportedSession[];
};

export type NoticePlan = {
  /** Notices not in the outbox yet. */
  add: PlannedNotice[];
  /** Waiting notices whose list of sessions has changed (another absence that day, a correction). */
  refresh: { id: string; sessions: ReportedSession[] }[];
};

const sameSessions = (a: ReportedSession[], b: ReportedSession[]) => JSON.stringify(a) === JSON.stringify(b);

/** What a queue pass for `date` would do. Writes nothing (the CLI's --dry-run shows it). */
export async function planNotices(db: Db, date: string, at: Date): Promise<NoticePlan> {
  const settings = await schoolSettings(db);
  const planned: NoticePlan = { add: [], refresh: [] };
  if (!settings.notices.enabled) return planned;
  const records = await dayRecords(db, date, reportedStatuses(settings.notices));
  const studentIds = [...new Set(records.map((r) => r.studentId))];
  const [links, existing] = await Promise.all([
    db.guardianLink.findMany({
      where: { studentId: { in: studentIds }, student: { status: "ACTIVE", doNotContact: false }, guardian: REACHABLE_GUARDIAN },
      select: { guardianId: true, studentId: true },
    }),
    db.notice.findMany({
      where: { date },
      select: { id: true, guardianId: true, studentId: true, kind: true, status: true, absences: true },
    }),
  ]);
  const byStudent = new Map<string, DayRecord[]>();
  for (const r of records) byStudent.set(r.studentId, [...(byStudent.get(r.studentId) ?? []), r]);
  const key = (g: string, s: string, k: NoticeKind) => `${g}\u0000${s}\u0000${k}`;
  const have = new Map(existing.map((n) => [key(n.guardianId, n.studentId, n.kind), n]));

  for (const link of links) {
    const own = byStudent.get(link.studentId) ?? [];
    if (own.length === 0) continue;
    const sessions = own.map((r) => reported(r, settings.clock));
    const absence = have.get(key(link.guardianId, link.studentId, "ABSENCE"));
    if (!absence) {
      const firstClosed = new Date(Math.min(...own.map((r) => (r.session.closedAt ?? at).getTime())));
      planned.add.push({ ...link, kind: "ABSENCE", sendAfter: sendAfterOf(settings, date, firstClosed), sessions });
    } else if (absence.status === "PENDING" && !sameSessions(absence.absences as ReportedSession[], sessions)) {
      planned.refresh.push({ id: absence.id, sessions });
    }
  }
  if (settings.notices.corrections) {
    // Sent notices whose reported sessions have changed since: one correction per guardian,
    // student and day. The day's records of those students in one read, not one per notice.
    const sent = existing.filter(
      (n) => n.kind === "ABSENCE" && n.status === "SENT" && !have.has(key(n.guardianId, n.studentId, "CORRECTION")),
    );
    const now = sent.length
      ? await db.attendanceRecord.findMany({
          where: { studentId: { in: [...new Set(sent.map((n) => n.studentId))] }, session: { date } },
          select: { sessionId: true, studentId: true, status: true },
        })
      : [];
    for (const n of sent) {
      const changes = changedSince(n.absences as ReportedSession[], (sessionId) =>
        now.find((r) => r.studentId === n.studentId && r.sessionId === sessionId),
      );
      if (changes.length)
        planned.add.push({ guardianId: n.guardianId, studentId: n.studentId, kind: "CORRECTION", sendAfter: at, sessions: changes });
    }
  }
  return planned;
}

/** The reported sessions whose record now says something else (a teacher's correction). */
function changedSince(
  sent: ReportedSession[],
  recordOf: (sessionId: string) => { status: AttendanceStatus } | undefined,
): ReportedSession[] {
  return sent.flatMap((s) => {
    const record = recordOf(s.sessionId);
    const label = record ? STATUS_LABEL[record.status] : null;
    return label && label !== s.status ? [{ ...s, status: label, was: s.status }] : [];
  });
}

async function correctionsOf(db: Tx, studentId: string, sent: ReportedSession[]): Promise<ReportedSession[]> {
  const records = await db.attendanceRecord.findMany({
    where: { studentId, sessionId: { in: sent.map((s) => s.sessionId) } },
    select: { sessionId: true, status: true },
  });
  return changedSince(sent, (sessionId) => records.find((r) => r.sessionId === sessionId));
}

/**
 * Adds the day's new notices to the outbox and brings waiting ones up to date (the classes a
 * pending notice will list). Safe to run any number of times, from any number of instances.
 */
export async function queueNotices(db: Db, at: Date, date?: string, { dueNow = false } = {}): Promise<{ queued: number }> {
  const settings = await schoolSettings(db);
  const day = date ?? localDate(at, settings.timeZone);
  let queued = 0;
  const plan = await planNotices(db, day, at);
  for (const r of plan.refresh)
    // Only while still waiting: a sender may have claimed it since.
    await db.notice.updateMany({
      where: { id: r.id, status: "PENDING" },
      data: { absences: r.sessions as unknown as Prisma.InputJsonValue },
    });
  for (const p of plan.add) {
    try {
      await db.notice.create({
        data: {
          guardianId: p.guardianId,
          studentId: p.studentId,
          date: day,
          kind: p.kind,
          // A catch-up for a past day (the CLI's --date) is due at once, not at that day's time.
          sendAfter: dueNow ? at : p.sendAfter,
          absences: p.sessions as unknown as Prisma.InputJsonValue,
        },
      });
      queued++;
    } catch (e) {
      if (!isUniqueViolation(e)) throw e; // another instance queued it first
    }
  }
  return { queued };
}

export type SendOutcome = { id: string; status: "SENT" | "FAILED" | "CANCELLED" | "RETRY"; reason?: string };
export type SendSummary = { sent: number; failed: number; retrying: number; cancelled: number; outcomes: SendOutcome[] };

/** Notices a sender may take now: due and waiting (not in a retry's backoff), or held by a sender that died. */
export function dueNoticesWhere(at: Date): Prisma.NoticeWhereInput {
  return {
    OR: [
      { status: "PENDING", sendAfter: { lte: at }, OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: at } }] },
      { status: "SENDING", claimedAt: { lt: new Date(at.getTime() - CLAIM_STALE_MS) } },
    ],
  };
}

async function claim(db: Db, id: string, at: Date, by: string): Promise<boolean> {
  const { count } = await db.notice.updateMany({
    where: { id, ...dueNoticesWhere(at) },
    data: { status: "SENDING", claimedAt: at, claimedBy: by },
  });
  return count === 1;
}

type Loaded = Notice & {
  guardian: { id: string; givenName: string; familyName: string; email: string | null; status: string; optedOutAt: Date | null };
  student: { givenName: string; familyName: string; preferredName: string | null; status: string; doNotContact: boolean };
};

/** What the notice says now, or why it must not go. */
async function contentOf(db: Tx, n: Loaded, settings: SchoolSettings): Promise<{ sessions: ReportedSession[] } | { cancel: string }> {
  if (n.guardian.optedOutAt) return { cancel: "The guardian opted out." };
  if (n.guardian.status !== "ACTIVE") return { cancel: "The guardian is no longer on the roster." };
  if (!n.guardian.email) return { cancel: "The guardian has no email address." };
  if (n.student.status !== "ACTIVE") return { cancel: "The student is archived." };
  if (n.student.doNotContact) return { cancel: "The student is marked do not contact." };
  if (n.kind === "CORRECTION") {
    const original = await db.notice.findUnique({
      where: { guardianId_studentId_date_kind: { guardianId: n.guardianId, studentId: n.studentId, date: n.date, kind: "ABSENCE" } },
    });
    const changes = original ? await correctionsOf(db, n.studentId, original.absences as ReportedSession[]) : [];
    return changes.length ? { sessions: changes } : { cancel: "The record is as first reported again." };
  }
  const records = await dayRecords(db, n.date, reportedStatuses(settings.notices), [n.studentId]);
  return records.length
    ? { sessions: records.map((r) => reported(r, settings.clock)) }
    : { cancel: "Nothing to report: corrected before it was sent." };
}

const LOADED_INCLUDE = {
  guardian: { select: { id: true, givenName: true, familyName: true, email: true, status: true, optedOutAt: true } },
  student: { select: { givenName: true, familyName: true, preferredName: true, status: true, doNotContact: true } },
} as const;

/**
 * Brings the waiting notices of these students for `date` up to date at once, after their records
 * changed (a teacher's correction, a late check-in replacing the closing's absence), so the outbox
 * never shows what is no longer true: the same content the sender would compute, or cancelled
 * (audited) when nothing remains to report. Returns how many were cancelled.
 */
export async function refreshWaitingNotices(db: Tx, studentIds: string[], date: string): Promise<{ cancelled: number }> {
  if (studentIds.length === 0) return { cancelled: 0 };
  const waiting = await db.notice.findMany({ where: { studentId: { in: studentIds }, date, status: "PENDING" }, include: LOADED_INCLUDE });
  if (waiting.length === 0) return { cancelled: 0 };
  const settings = await schoolSettings(db);
  let cancelled = 0;
  for (const n of waiting) {
    const content = await contentOf(db, n, settings);
    // Only while still waiting: a sender may have claimed it since, and computes it afresh itself.
    if ("cancel" in content) {
      const { count } = await db.notice.updateMany({
        where: { id: n.id, status: "PENDING" },
        data: { status: "CANCELLED", lastError: content.cancel },
      });
      if (count) {
        cancelled++;
        await writeAudit(db, SYSTEM, { action: "notice.cancel", targetType: "Notice", targetId: n.id, reason: content.cancel });
      }
    } else if (!sameSessions(n.absences as ReportedSession[], content.sessions)) {
      await db.notice.updateMany({
        where: { id: n.id, status: "PENDING" },
        data: { absences: content.sessions as unknown as Prisma.InputJsonValue },
      });
    }
  }
  return { cancelled };
}

function auditedSessions(sessions: ReportedSession[]) {
  return sessions.map((s) => ({
    sessionId: s.sessionId,
    class: s.classCode,
    time: s.time,
    status: s.status,
    ...(s.was ? { was: s.was } : {}),
  }));
}

/** Sends one claimed notice and records what happened. */
async function sendOne(db: Db, mailer: Mailer, from: string, n: Loaded, settings: SchoolSettings, at: Date): Promise<SendOutcome> {
  const release = { claimedAt: null, claimedBy: null };
  const audit = { targetType: "Notice", targetId: n.id };
  if (at.getTime() - n.sendAfter.getTime() > NOTICE_EXPIRY_MS) {
    const reason = "Not sent within a day of its time (mail was not configured or not reachable).";
    await db.notice.update({ where: { id: n.id }, data: { status: "CANCELLED", lastError: reason, ...release } });
    await writeAudit(db, SYSTEM, { action: "notice.cancel", ...audit, reason });
    return { id: n.id, status: "CANCELLED", reason };
  }
  const content = await contentOf(db, n, settings);
  if ("cancel" in content) {
    await db.notice.update({ where: { id: n.id }, data: { status: "CANCELLED", lastError: content.cancel, ...release } });
    await writeAudit(db, SYSTEM, { action: "notice.cancel", ...audit, reason: content.cancel });
    return { id: n.id, status: "CANCELLED", reason: content.cancel };
  }
  const values = {
    guardian: personName(n.guardian),
    student: studentName(n.student),
    date: formatLongDay(n.date),
    school: settings.name,
    sessions: content.sessions,
    optOutUrl: optOutUrl(n.guardianId),
  };
  const rendered = n.kind === "CORRECTION" ? renderCorrection(values) : renderNotice(settings.notices.template, values);
  const messageId = `<notice.${n.id}@${from.split("@")[1]}>`;
  const attempts = n.attempts + 1;
  try {
    await mailer.send({
      from: { name: settings.name, address: from },
      to: n.guardian.email!,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      messageId,
      // RFC 8058 one-click unsubscribe: mail clients show their own button for it.
      headers: { "List-Unsubscribe": `<${oneClickOptOutUrl(n.guardianId)}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    });
  } catch (error) {
    const failure = sendFailure(error);
    const tries = failure.permanent ? MAX_TRIES_REFUSED : MAX_TRIES;
    const giveUp = attempts >= tries;
    await db.notice.update({
      where: { id: n.id },
      data: {
        status: giveUp ? "FAILED" : "PENDING",
        attempts,
        lastError: failure.reason,
        nextAttemptAt: giveUp ? null : new Date(at.getTime() + RETRY_BACKOFF_MS[attempts - 1]),
        ...release,
      },
    });
    if (giveUp)
      await writeAudit(db, SYSTEM, {
        action: "notice.failed",
        ...audit,
        after: { guardianId: n.guardianId, studentId: n.studentId, date: n.date, attempts },
        reason: failure.reason,
      });
    return { id: n.id, status: giveUp ? "FAILED" : "RETRY", reason: failure.reason };
  }
  const sessions = content.sessions as unknown as Prisma.InputJsonValue;
  await db.notice.update({
    where: { id: n.id },
    data: { status: "SENT", sentAt: at, attempts, recipient: n.guardian.email, messageId, absences: sessions, lastError: null, ...release },
  });
  // Who was told, when, about which sessions: never the email's text.
  await writeAudit(db, SYSTEM, {
    action: n.kind === "CORRECTION" ? "notice.correction-sent" : "notice.sent",
    ...audit,
    after: {
      guardianId: n.guardianId,
      studentId: n.studentId,
      date: n.date,
      recipient: n.guardian.email,
      sessions: auditedSessions(content.sessions),
    },
  });
  return { id: n.id, status: "SENT" };
}

/**
 * Sends every due notice (at most `limit` per run), one claim at a time. Without a mailer, or with
 * notices turned off, nothing is taken: the outbox keeps them for the admin's page.
 */
export async function sendDueNotices(
  db: Db,
  mailer: Mailer | null,
  from: string | null,
  at: Date,
  { instance, limit = 500 }: { instance: string; limit?: number },
): Promise<SendSummary> {
  const summary: SendSummary = { sent: 0, failed: 0, retrying: 0, cancelled: 0, outcomes: [] };
  const settings = await schoolSettings(db);
  if (!mailer || !from || !settings.notices.enabled) return summary;
  const due = await db.notice.findMany({ where: dueNoticesWhere(at), orderBy: { sendAfter: "asc" }, take: limit, select: { id: true } });
  for (const { id } of due) {
    if (!(await claim(db, id, at, instance))) continue; // another sender has it
    const n = await db.notice.findUniqueOrThrow({ where: { id }, include: LOADED_INCLUDE });
    const outcome = await sendOne(db, mailer, from, n, settings, at);
    summary.outcomes.push(outcome);
    if (outcome.status === "SENT") summary.sent++;
    else if (outcome.status === "FAILED") summary.failed++;
    else if (outcome.status === "RETRY") summary.retrying++;
    else summary.cancelled++;
  }
  return summary;
}

/** An admin's "send again" of a failed or sent notice: back in the outbox, due now, tries reset. */
export async function resendNotice(db: Db, id: string, actor: Actor, at: Date): Promise<"queued" | "busy" | { nothing: string }> {
  // A notice with nothing left to say (corrected, opted out, …) is not queued only to be cancelled again.
  const notice = await db.notice.findUnique({ where: { id }, include: LOADED_INCLUDE });
  if (notice && notice.status !== "PENDING") {
    const content = await contentOf(db, notice, await schoolSettings(db));
    if ("cancel" in content) return { nothing: content.cancel };
  }
  const { count } = await db.notice.updateMany({
    where: { id, status: { in: ["FAILED", "SENT", "CANCELLED"] } },
    data: { status: "PENDING", attempts: 0, nextAttemptAt: null, sendAfter: at, lastError: null, claimedAt: null, claimedBy: null },
  });
  if (count) await writeAudit(db, actor, { action: "notice.resend", targetType: "Notice", targetId: id });
  return count === 1 ? "queued" : "busy";
}
