// The teacher's live view of a class in session: every enrolled student and their record.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { AttendanceStatus, CheckInMethod } from "@/lib/generated/prisma/enums";
import { currentSlot } from "@/lib/attendance/session";
import { enrolledOnWhere, visibleClassesWhere, type Viewer } from "@/lib/access";
import { studentName } from "@/lib/names";
import { syncedLateLabel } from "@/lib/attendance/statuses";
import { schoolSettings } from "@/lib/settings";
import type { SchoolClock } from "@/lib/dates";

export type LiveRow = {
  studentId: string;
  name: string;
  identifier: string;
  status: AttendanceStatus | null;
  markedAt: string | null;
  /** "synced late (+12 min)" when a kiosk delivered it late (kept offline). */
  syncedLate: string | null;
  method: CheckInMethod | null;
  headTurn: boolean;
};
export type LiveView = {
  classId: string;
  code: string;
  title: string;
  session: { startsAt: string; endsAt: string; tardyAt: string } | null;
  sessionId: string | null;
  /** The school's zone and time format: times on this page read as on every other (never the browser's). */
  clock: SchoolClock;
  rows: LiveRow[];
};

/** Null when the class does not exist or the viewer may not see it. */
export async function liveView(db: PrismaClient, viewer: Viewer, classId: string, at: Date): Promise<LiveView | null> {
  const klass = await db.class.findFirst({
    where: { id: classId, ...visibleClassesWhere(viewer) },
    select: { id: true, code: true, title: true },
  });
  if (!klass) return null;
  const settings = await schoolSettings(db);
  const slot = await currentSlot(db, [klass.id], at, settings);
  const session = slot
    ? await db.classSession.findUnique({ where: { classId_startsAt: { classId: klass.id, startsAt: slot.startsAt } } })
    : null;
  const date = slot?.date;
  const enrollments = await db.enrollment.findMany({
    where: {
      classId: klass.id,
      student: { status: "ACTIVE" },
      ...(date ? enrolledOnWhere(date) : {}),
    },
    include: { student: { select: { id: true, identifier: true, givenName: true, familyName: true, preferredName: true } } },
    orderBy: { student: { familyName: "asc" } },
  });
  const records = session ? await db.attendanceRecord.findMany({ where: { sessionId: session.id } }) : [];
  return {
    classId: klass.id,
    code: klass.code,
    title: klass.title,
    sessionId: session?.id ?? null,
    clock: settings.clock,
    session: slot
      ? { startsAt: slot.startsAt.toISOString(), endsAt: slot.endsAt.toISOString(), tardyAt: slot.tardyAt.toISOString() }
      : null,
    rows: enrollments.map((e) => {
      const r = records.find((x) => x.studentId === e.studentId);
      return {
        studentId: e.student.id,
        name: studentName(e.student),
        identifier: e.student.identifier,
        status: r?.status ?? null,
        markedAt: r?.markedAt.toISOString() ?? null,
        syncedLate: r ? syncedLateLabel(r.markedAt, r.receivedAt) : null,
        method: r?.method ?? null,
        headTurn: r?.headTurn ?? false,
      };
    }),
  };
}
