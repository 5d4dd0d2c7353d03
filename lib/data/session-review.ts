// Reads for the teacher's session page and roll call: who is in the session, each record with
// its history of changes and how sure a face match was; and the enrolled photos a teacher may see.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { AttendanceStatus, CheckInMethod } from "@/lib/generated/prisma/enums";
import { currentEnrollmentWhere, enrolledOnWhere, type Viewer } from "@/lib/access";
import { confidenceOf, type Confidence } from "@/lib/attendance/confidence";
import { sessionRoster, visibleSession } from "@/lib/attendance/marks";
import { undoableBatches, type SessionBatch } from "@/lib/attendance/batch";
import { localDate, localTime } from "@/lib/dates";
import { studentName } from "@/lib/names";
import { isAfterClose, syncedLateLabel } from "@/lib/attendance/statuses";
import { meetingAttemptsWhere } from "@/lib/attendance/session";
import { schoolSettings } from "@/lib/settings";

export type ChangeEntry = { at: string; by: string; from: AttendanceStatus | null; to: AttendanceStatus; reason: string | null };
export type ReviewRow = {
  studentId: string;
  name: string;
  identifier: string;
  /** One enrolled photo to recognise the student by (served to teachers of the class only). */
  photoId: string | null;
  status: AttendanceStatus | null;
  markedAt: string | null;
  /** "synced late (+12 min)" when a kiosk delivered it late (kept offline). */
  syncedLate: string | null;
  method: CheckInMethod | null;
  /** A face check-in confirmed by the head-turn challenge. */
  headTurn: boolean;
  /** A kiosk check-in seen after a teacher closed the session early (Tardy, replacing the closing's absence). */
  afterClose: boolean;
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
  /** Other classes' open sessions at the same time with some of the same students (a session started by hand over another). */
  overlapping: { code: string; title: string; students: number }[];
  /** "Everyone else present / absent" batches that can still be undone. */
  batches: SessionBatch[];
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
    db.checkInAttempt.count({ where: { ...meetingAttemptsWhere(session), outcome: "NOT_IN_CLASS" } }),
  ]);
  const rules = settings.rules;
  const [photos, audit, overlapping, batches] = await Promise.all([
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
    session.status === "OPEN"
      ? overlappingSessions(
          db,
          session,
          roster.map((s) => s.id),
        )
      : [],
    undoableBatches(db, session.id),
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
      syncedLate: r ? syncedLateLabel(r.markedAt, r.receivedAt) : null,
      method: r?.method ?? null,
      headTurn: r?.headTurn ?? false,
      afterClose: r ? isAfterClose(r, session.closedAt) : false,
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
    overlapping,
    batches,
  };
}

/** Open sessions of other classes overlapping this one in time, with how many of `studentIds` each has on its list. */
async function overlappingSessions(
  db: PrismaClient,
  session: { id: string; classId: string; date: string; startsAt: Date; endsAt: Date },
  studentIds: string[],
) {
  const shared = { studentId: { in: studentIds }, student: { status: "ACTIVE" as const }, ...enrolledOnWhere(session.date) };
  const others = await db.classSession.findMany({
    where: {
      classId: { not: session.classId },
      status: "OPEN",
      startsAt: { lt: session.endsAt },
      endsAt: { gt: session.startsAt },
      class: { enrollments: { some: shared } },
    },
    orderBy: { startsAt: "asc" },
    select: { class: { select: { code: true, title: true, enrollments: { where: shared, select: { studentId: true } } } } },
  });
  return others.map((o) => ({
    code: o.class.code,
    title: o.class.title,
    students: new Set(o.class.enrollments.map((e) => e.studentId)).size,
  }));
}

/** A face photo a viewer may see: of a student currently enrolled in one of their classes, with consent. */
export async function visiblePhoto(db: PrismaClient, viewer: Viewer, photoId: string, at: Date) {
  const today = localDate(at, (await schoolSettings(db)).timeZone);
  return db.facePhoto.findFirst({
    where: { id: photoId, student: { consentStatus: "GRANTED", enrollments: { some: currentEnrollmentWhere(viewer, today) } } },
    select: { bytes: true, mimeType: true },
  });
}

/** "HIST-9, Mon 30 Nov 08:00" for a page title, if the viewer may see the session (else null). */
export async function sessionTitle(db: PrismaClient, viewer: Viewer, sessionId: string): Promise<string | null> {
  const session = await visibleSession(db, viewer, sessionId);
  if (!session) return null;
  const { timeZone, clock } = await schoolSettings(db);
  const day = new Intl.DateTimeFormat("en-GB", { timeZone, weekday: "short", day: "numeric", month: "short" }).format(session.startsAt);
  return `${session.class.code}, ${day} ${localTime(session.startsAt, clock)}`;
}
