// What teachers do with a session: review it, mark students by hand (roll call), correct
// statuses with a reason, mark in bulk, and close it. Every write goes through `applyMarks`,
// which writes one audit entry per record (who, when, from, to, why). Every function takes
// the viewer and finds the session through the same class scoping as every read, so a
// teacher can reach only their own classes whichever page, action or route calls it.
import { z } from "zod";
import type { ClassSession, Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { AttendanceStatus, CheckInMethod } from "@/lib/generated/prisma/enums";
import { writeAudit, type Actor } from "@/lib/audit";
import { canSeeClass, currentEnrollmentWhere, enrolledOn, visibleClassesWhere, type Viewer } from "@/lib/access";
import { localDate, localWeekdayAndMinute } from "@/lib/dates";
import { schoolSettings } from "@/lib/settings";
import type { ActionResult } from "@/lib/students";
import type { MatchingRules } from "@/lib/face/rules";
import { openSessionNow, sessionFor, slotsOn } from "./session";
import { ATTENDANCE_STATUSES, STATUS_LABEL } from "./statuses";
import { studentName } from "@/lib/names";

type Tx = Prisma.TransactionClient;
/** A signed-in staff member acting: who they are (for scoping) and how the audit names them. */
export type Staff = Viewer & { label: string };

const actorOf = (staff: Staff): Actor => ({ userId: staff.id, label: staff.label });
const SYSTEM: Actor = { label: "system" };

/** Distances this far or more inside the threshold are "high" confidence; closer to it, "borderline". */
export const BORDERLINE_BAND = 0.08;

export type Confidence = "high" | "borderline";

/** A label for a face match that tells a teacher how sure it was, without showing the score. */
export function confidenceOf(distance: number | null, rules: MatchingRules): Confidence | null {
  if (distance === null) return null;
  return distance <= rules.threshold - BORDERLINE_BAND ? "high" : "borderline";
}

const id = z.string().min(1).max(64);
const reason = z.string().trim().max(500, { message: "Keep the reason under 500 characters." });

export const statusChangeSchema = z.object({
  sessionId: id,
  studentId: id,
  status: z.enum(ATTENDANCE_STATUSES, { message: "Choose a status." }),
  reason: reason.optional().transform((v) => v || null),
});

export const excuseSchema = z.object({
  sessionId: id,
  studentIds: z.array(id).min(1, { message: "Tick the students to excuse." }).max(500),
  note: reason.min(3, { message: "Write a note (at least 3 characters), e.g. “field trip”." }),
});

/** The session if the viewer may see its class, else null (the same answer for "no such session"). */
export function visibleSession(db: PrismaClient | Tx, viewer: Viewer, sessionId: string) {
  return db.classSession.findFirst({
    where: { id: sessionId, class: visibleClassesWhere(viewer) },
    include: { class: { select: { id: true, code: true, title: true, room: true } } },
  });
}

type RosterStudent = {
  id: string;
  identifier: string;
  givenName: string;
  familyName: string;
  preferredName: string | null;
  consentStatus: string;
};

/**
 * The students a session is about: active and enrolled on its date, plus anyone who has a
 * record there already (left the class since, or archived), so no record is hidden.
 */
async function sessionRoster(db: PrismaClient | Tx, session: Pick<ClassSession, "id" | "classId" | "date">): Promise<RosterStudent[]> {
  const select = { id: true, identifier: true, givenName: true, familyName: true, preferredName: true, consentStatus: true } as const;
  const [enrollments, recorded] = await Promise.all([
    db.enrollment.findMany({
      where: { classId: session.classId, student: { status: "ACTIVE" } },
      select: { beginDate: true, endDate: true, student: { select } },
    }),
    db.attendanceRecord.findMany({ where: { sessionId: session.id }, select: { student: { select } } }),
  ]);
  const byId = new Map<string, RosterStudent>();
  for (const e of enrollments) if (enrolledOn(e, session.date)) byId.set(e.student.id, e.student);
  for (const r of recorded) byId.set(r.student.id, r.student);
  return [...byId.values()].sort((a, b) => a.familyName.localeCompare(b.familyName) || a.givenName.localeCompare(b.givenName));
}

type Mark = { studentId: string; status: AttendanceStatus; reason: string | null; method: CheckInMethod };

/**
 * Writes marks inside a transaction: creates the record of an unmarked student, or changes an
 * existing one. One audit entry per record that changed. Returns how many changed.
 */
async function applyMarks(tx: Tx, actor: Actor, sessionId: string, marks: Mark[], at: Date): Promise<number> {
  const existing = new Map(
    (await tx.attendanceRecord.findMany({ where: { sessionId, studentId: { in: marks.map((m) => m.studentId) } } })).map((r) => [
      r.studentId,
      r,
    ]),
  );
  let changed = 0;
  for (const m of marks) {
    const before = existing.get(m.studentId);
    if (before && before.status === m.status && (m.reason === null || m.reason === before.note)) continue;
    const record = before
      ? await tx.attendanceRecord.update({
          where: { id: before.id },
          data: { status: m.status, changedById: actor.userId ?? null, note: m.reason ?? before.note },
        })
      : await tx.attendanceRecord.create({
          data: {
            sessionId,
            studentId: m.studentId,
            status: m.status,
            markedAt: at,
            method: m.method,
            changedById: actor.userId ?? null,
            note: m.reason,
          },
        });
    await writeAudit(tx, actor, {
      action: before ? "attendance.change" : "attendance.mark",
      targetType: "AttendanceRecord",
      targetId: record.id,
      before: before ? { status: before.status, method: before.method } : undefined,
      after: { status: m.status, sessionId, studentId: m.studentId },
      reason: m.reason ?? undefined,
    });
    changed++;
  }
  return changed;
}

/**
 * Sets one student's status. Marking an unmarked student (roll call) needs no reason;
 * changing a status that exists (whoever set it: kiosk, teacher or the closing) does.
 */
export async function setStatus(
  db: PrismaClient,
  staff: Staff,
  raw: unknown,
  at: Date,
): Promise<ActionResult<{ status: AttendanceStatus }>> {
  const input = statusChangeSchema.safeParse(raw);
  if (!input.success) return { ok: false, message: input.error.issues[0].message, fieldErrors: input.error.flatten().fieldErrors };
  const { sessionId, studentId, status, reason } = input.data;
  return db.$transaction(async (tx) => {
    const session = await visibleSession(tx, staff, sessionId);
    if (!session) return { ok: false as const, message: "Not found." };
    const roster = await sessionRoster(tx, session);
    const student = roster.find((s) => s.id === studentId);
    if (!student) return { ok: false as const, message: "That student is not in this class on this date." };
    const record = await tx.attendanceRecord.findUnique({ where: { sessionId_studentId: { sessionId, studentId } } });
    const name = studentName(student);
    if (record && record.status === status)
      return { ok: true as const, message: `${name} is already ${STATUS_LABEL[status].toLowerCase()}.`, data: { status } };
    if (record && (!reason || reason.length < 3))
      return {
        ok: false as const,
        message: `Give a reason for changing ${name} from ${STATUS_LABEL[record.status]}.`,
        fieldErrors: { reason: ["A reason of at least 3 characters is required."] },
      };
    await applyMarks(tx, actorOf(staff), sessionId, [{ studentId, status, reason, method: "MANUAL" }], at);
    return {
      ok: true as const,
      message: record ? `${name}: ${STATUS_LABEL[record.status]} → ${STATUS_LABEL[status]}.` : `${name}: ${STATUS_LABEL[status]}.`,
      data: { status },
    };
  });
}

/** "Mark all unmarked absent": every student of the session without a record becomes Unexcused absence. */
export async function markUnmarkedAbsent(
  db: PrismaClient,
  staff: Staff,
  sessionId: string,
  at: Date,
): Promise<ActionResult<{ count: number }>> {
  return db.$transaction(async (tx) => {
    const session = await visibleSession(tx, staff, sessionId);
    if (!session) return { ok: false as const, message: "Not found." };
    const count = await absentTheUnmarked(tx, actorOf(staff), session, "MANUAL", null, at);
    return {
      ok: true as const,
      message: count ? `Marked ${count} unmarked student${count === 1 ? "" : "s"} absent.` : "Every student is marked already.",
      data: { count },
    };
  });
}

async function absentTheUnmarked(
  tx: Tx,
  actor: Actor,
  session: ClassSession,
  method: CheckInMethod,
  reasonText: string | null,
  at: Date,
): Promise<number> {
  const roster = await sessionRoster(tx, session);
  const marked = new Set(
    (await tx.attendanceRecord.findMany({ where: { sessionId: session.id }, select: { studentId: true } })).map((r) => r.studentId),
  );
  const marks = roster
    .filter((s) => !marked.has(s.id))
    .map((s) => ({ studentId: s.id, status: "UNEXCUSED_ABSENCE" as const, reason: reasonText, method }));
  return applyMarks(tx, actor, session.id, marks, at);
}

/** Marks the chosen students Excused absence with one note (the note is the audit reason). */
export async function excuseStudents(db: PrismaClient, staff: Staff, raw: unknown, at: Date): Promise<ActionResult<{ count: number }>> {
  const input = excuseSchema.safeParse(raw);
  if (!input.success) return { ok: false, message: input.error.issues[0].message, fieldErrors: input.error.flatten().fieldErrors };
  const { sessionId, studentIds, note } = input.data;
  return db.$transaction(async (tx) => {
    const session = await visibleSession(tx, staff, sessionId);
    if (!session) return { ok: false as const, message: "Not found." };
    const roster = new Set((await sessionRoster(tx, session)).map((s) => s.id));
    const stranger = studentIds.find((s) => !roster.has(s));
    if (stranger) return { ok: false as const, message: "A chosen student is not in this class on this date; nothing was changed." };
    const count = await applyMarks(
      tx,
      actorOf(staff),
      sessionId,
      [...new Set(studentIds)].map((studentId) => ({
        studentId,
        status: "EXCUSED_ABSENCE" as const,
        reason: note,
        method: "MANUAL" as const,
      })),
      at,
    );
    return { ok: true as const, message: `Excused ${count} student${count === 1 ? "" : "s"}: “${note}”.`, data: { count } };
  });
}

/**
 * Closes a session: every student without a record becomes Unexcused absence (method SYSTEM),
 * the kiosk stops taking check-ins for it. Records stay correctable afterwards (audited).
 */
async function close(tx: Tx, actor: Actor, session: ClassSession, at: Date): Promise<number> {
  const absent = await absentTheUnmarked(tx, actor, session, "SYSTEM", "Not checked in when the session closed", at);
  await tx.classSession.update({ where: { id: session.id }, data: { status: "CLOSED", closedAt: at } });
  await writeAudit(tx, actor, { action: "session.close", targetType: "ClassSession", targetId: session.id, after: { absent } });
  return absent;
}

export async function closeSession(db: PrismaClient, staff: Staff, sessionId: string, at: Date): Promise<ActionResult<{ absent: number }>> {
  return db.$transaction(async (tx) => {
    const session = await visibleSession(tx, staff, sessionId);
    if (!session) return { ok: false as const, message: "Not found." };
    if (session.status === "CLOSED") return { ok: true as const, message: "The session is closed already.", data: { absent: 0 } };
    const absent = await close(tx, actorOf(staff), session, at);
    return {
      ok: true as const,
      message: `Session closed. ${absent} student${absent === 1 ? "" : "s"} without a record marked Unexcused absence.`,
      data: { absent },
    };
  });
}

/**
 * Closes every open session whose period has ended. Runs every minute in the server, and
 * from `npm run cli -- close-sessions` for schools that prefer cron; safe to run twice.
 * Only sessions that exist are closed: a scheduled meeting nobody checked in to or opened
 * (a holiday, a trip) never becomes a session, so it marks nobody absent.
 */
export async function closeDueSessions(db: PrismaClient, at: Date): Promise<{ sessions: number; absent: number }> {
  const due = await db.classSession.findMany({ where: { status: "OPEN", endsAt: { lte: at } }, orderBy: { endsAt: "asc" } });
  let absent = 0;
  let sessions = 0;
  for (const s of due) {
    const n = await db.$transaction(async (tx) => {
      // Re-read inside the transaction: another instance may have closed it meanwhile.
      const fresh = await tx.classSession.findUnique({ where: { id: s.id } });
      return fresh?.status === "OPEN" ? close(tx, SYSTEM, fresh, at) : null;
    });
    if (n !== null) {
      sessions++;
      absent += n;
    }
  }
  return { sessions, absent };
}

/**
 * The session of a meeting scheduled today (created when the teacher opens it to take roll
 * call before anyone checked in): "not_found" when the viewer may not see the class,
 * "no_meeting" when the class has no such meeting today.
 */
export async function openScheduledSession(
  db: PrismaClient,
  viewer: Viewer,
  classId: string,
  startsAt: Date,
  at: Date,
): Promise<ClassSession | "not_found" | "no_meeting"> {
  if (!(await canSeeClass(db, viewer, classId))) return "not_found";
  const settings = await schoolSettings(db);
  const local = localWeekdayAndMinute(at, settings.timeZone);
  const slot = (await slotsOn(db, [classId], local.date, local.weekday, settings)).find((s) => s.startsAt.getTime() === startsAt.getTime());
  return slot ? sessionFor(db, slot) : "no_meeting";
}

const sessionMinutesSchema = z.coerce.number().int().min(5).max(240);

/**
 * A session started by hand now (no meeting on the schedule), for a class the viewer may see:
 * "not_found" for another class (checked first, so it answers the same whatever else is sent),
 * "bad_minutes" for a length outside 5–240 minutes.
 */
export async function startSession(
  db: PrismaClient,
  staff: Staff,
  classId: string,
  rawMinutes: unknown,
  at: Date,
): Promise<ClassSession | "not_found" | "bad_minutes"> {
  if (!(await canSeeClass(db, staff, classId))) return "not_found";
  const minutes = sessionMinutesSchema.safeParse(rawMinutes);
  if (!minutes.success) return "bad_minutes";
  const session = await openSessionNow(db, classId, staff.id, at, minutes.data);
  await writeAudit(db, actorOf(staff), {
    action: "session.open",
    targetType: "ClassSession",
    targetId: session.id,
    after: { minutes: minutes.data },
  });
  return session;
}

// ---------------------------------------------------------------------------------------
// Reads for the session page and the roll call.

export type ChangeEntry = { at: string; by: string; from: AttendanceStatus | null; to: AttendanceStatus; reason: string | null };
export type ReviewRow = {
  studentId: string;
  name: string;
  identifier: string;
  /** One enrolled photo to recognise the student by (served to teachers of the class only). */
  photoId: string | null;
  status: AttendanceStatus | null;
  markedAt: string | null;
  method: CheckInMethod | null;
  confidence: Confidence | null;
  note: string | null;
  changes: ChangeEntry[];
};
export type SessionCounts = { present: number; tardy: number; absent: number; other: number; unmarked: number; total: number };
export type SessionReview = {
  session: {
    id: string;
    date: string;
    startsAt: string;
    endsAt: string;
    tardyAt: string;
    status: "OPEN" | "CLOSED";
    closedAt: string | null;
  };
  klass: { id: string; code: string; title: string; room: string | null };
  rows: ReviewRow[];
  counts: SessionCounts;
  /** Faces the kiosk identified as students of the school not on this class's list: a count, never who. */
  notInClassAttempts: number;
};

export function countStatuses(statuses: (AttendanceStatus | null)[]): SessionCounts {
  const c: SessionCounts = { present: 0, tardy: 0, absent: 0, other: 0, unmarked: 0, total: statuses.length };
  for (const s of statuses) {
    if (s === null) c.unmarked++;
    else if (s === "PRESENT") c.present++;
    else if (s === "TARDY") c.tardy++;
    else if (s === "EXCUSED_ABSENCE" || s === "UNEXCUSED_ABSENCE") c.absent++;
    else c.other++;
  }
  return c;
}

export async function sessionReview(db: PrismaClient, viewer: Viewer, sessionId: string): Promise<SessionReview | null> {
  const session = await visibleSession(db, viewer, sessionId);
  if (!session) return null;
  const [roster, records, settings, notInClassAttempts] = await Promise.all([
    sessionRoster(db, session),
    db.attendanceRecord.findMany({ where: { sessionId } }),
    schoolSettings(db),
    db.checkInAttempt.count({ where: { sessionId, outcome: "NOT_IN_CLASS" } }),
  ]);
  const rules = settings.rules;
  const [photos, audit] = await Promise.all([
    db.facePhoto.findMany({
      where: { studentId: { in: roster.map((s) => s.id) }, student: { consentStatus: "GRANTED" } },
      select: { id: true, studentId: true },
      orderBy: { createdAt: "asc" },
    }),
    db.auditLog.findMany({
      where: { targetType: "AttendanceRecord", targetId: { in: records.map((r) => r.id) } },
      orderBy: { createdAt: "asc" },
      select: {
        targetId: true,
        createdAt: true,
        actorLabel: true,
        actor: { select: { name: true } },
        before: true,
        after: true,
        reason: true,
      },
    }),
  ]);
  const photoOf = new Map<string, string>();
  for (const p of photos) if (!photoOf.has(p.studentId)) photoOf.set(p.studentId, p.id);
  const rows = roster.map((s): ReviewRow => {
    const r = records.find((x) => x.studentId === s.id);
    const changes = r
      ? audit
          .filter((a) => a.targetId === r.id)
          .map((a) => ({
            at: a.createdAt.toISOString(),
            by: a.actor?.name ?? a.actorLabel,
            from: (a.before as { status?: AttendanceStatus } | null)?.status ?? null,
            to: (a.after as { status: AttendanceStatus }).status,
            reason: a.reason,
          }))
      : [];
    return {
      studentId: s.id,
      name: studentName(s),
      identifier: s.identifier,
      photoId: photoOf.get(s.id) ?? null,
      status: r?.status ?? null,
      markedAt: r?.markedAt.toISOString() ?? null,
      method: r?.method ?? null,
      confidence: r?.method === "FACE" ? confidenceOf(r.matchDistance, rules) : null,
      note: r?.note ?? null,
      changes,
    };
  });
  return {
    session: {
      id: session.id,
      date: session.date,
      startsAt: session.startsAt.toISOString(),
      endsAt: session.endsAt.toISOString(),
      tardyAt: session.tardyAt.toISOString(),
      status: session.status,
      closedAt: session.closedAt?.toISOString() ?? null,
    },
    klass: session.class,
    rows,
    counts: countStatuses(rows.map((r) => r.status)),
    notInClassAttempts,
  };
}

/** A face photo a viewer may see: of a student currently enrolled in one of their classes, with consent. */
export async function visiblePhoto(db: PrismaClient, viewer: Viewer, photoId: string, at: Date) {
  const today = localDate(at, (await schoolSettings(db)).timeZone);
  return db.facePhoto.findFirst({
    where: { id: photoId, student: { consentStatus: "GRANTED", enrollments: { some: currentEnrollmentWhere(viewer, today) } } },
    select: { bytes: true, mimeType: true },
  });
}
