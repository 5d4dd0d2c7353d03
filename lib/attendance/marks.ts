// What teachers do with a session's records: mark students by hand (roll call), correct
// statuses with a reason, excuse in bulk (everyone else present/absent: ./batch.ts). Every write goes through `applyMarks`, which writes one
// audit entry per record (who, when, from, to, why). Every function takes the viewer and finds
// the session through the same class scoping as every read (lib/access.ts), so a teacher can
// reach only their own classes whichever page, action or route calls it.
import type { ClassSession, Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { AttendanceStatus, CheckInMethod } from "@/lib/generated/prisma/enums";
import { writeAudit, type Actor } from "@/lib/audit";
import { enrolledOn, visibleClassesWhere, type Viewer } from "@/lib/access";
import type { ActionResult } from "@/lib/result";
import { excuseSchema, statusChangeSchema } from "@/lib/validations/attendance";
import { studentName } from "@/lib/names";
import { STATUS_LABEL } from "./statuses";
import { count as countOf } from "@/lib/text";
import { refreshWaitingNotices } from "@/lib/notices/outbox";

export type Tx = Prisma.TransactionClient;
/** A signed-in staff member acting: who they are (for scoping) and how the audit names them. */
export type Staff = Viewer & { label: string };

export const actorOf = (staff: Staff): Actor => ({ userId: staff.id, label: staff.label });

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
export async function sessionRoster(
  db: PrismaClient | Tx,
  session: Pick<ClassSession, "id" | "classId" | "date">,
): Promise<RosterStudent[]> {
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

export type Mark = { studentId: string; status: AttendanceStatus; reason: string | null; method: CheckInMethod };

/**
 * Writes marks inside a transaction: creates the record of an unmarked student, or changes an
 * existing one. One audit entry per record that changed. Returns how many changed.
 */
export async function applyMarks(tx: Tx, actor: Actor, sessionId: string, marks: Mark[], at: Date): Promise<number> {
  const existing = new Map(
    (await tx.attendanceRecord.findMany({ where: { sessionId, studentId: { in: marks.map((m) => m.studentId) } } })).map((r) => [
      r.studentId,
      r,
    ]),
  );
  let changed = 0;
  const touched: string[] = [];
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
    touched.push(m.studentId);
  }
  // A waiting guardian notice must show the records as they are now (a correction to present
  // empties it), not as they were when it was queued.
  if (touched.length) {
    const { date } = await tx.classSession.findUniqueOrThrow({ where: { id: sessionId }, select: { date: true } });
    await refreshWaitingNotices(tx, touched, date);
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

/** Every student of the session without a record becomes Unexcused absence; returns how many. */
export async function absentTheUnmarked(
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
    return { ok: true as const, message: `Excused ${countOf(count, "student")}: “${note}”.`, data: { count } };
  });
}
