// The teacher's day: every meeting of their classes today (from the schedule) and every
// session that exists today (also ones started by hand), with counts.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { countStatuses, type SessionCounts } from "@/lib/data/session-review";
import { slotsOn } from "@/lib/attendance/session";
import { enrolledOn, visibleClassesWhere, type Viewer } from "@/lib/access";
import { localWeekdayAndMinute } from "@/lib/dates";
import { schoolSettings } from "@/lib/settings";
import { closureOn } from "@/lib/calendar";

export type TodayItem = {
  classId: string;
  code: string;
  title: string;
  room: string | null;
  startsAt: string;
  endsAt: string;
  /** Null until someone checks in or the teacher opens it. */
  sessionId: string | null;
  status: "OPEN" | "CLOSED" | "NOT_STARTED";
  counts: SessionCounts;
};

export async function todaysSessions(
  db: PrismaClient,
  viewer: Viewer,
  at: Date,
): Promise<{
  date: string;
  items: TodayItem[];
  /** A day without school: its reason (the timetable does not meet). */ noSchool: string | null;
}> {
  const settings = await schoolSettings(db);
  const local = localWeekdayAndMinute(at, settings.timeZone);
  const classes = await db.class.findMany({
    where: { status: "ACTIVE", ...visibleClassesWhere(viewer) },
    select: {
      id: true,
      code: true,
      title: true,
      room: true,
      enrollments: { where: { student: { status: "ACTIVE" } }, select: { studentId: true, beginDate: true, endDate: true } },
    },
  });
  const classIds = classes.map((c) => c.id);
  const [slots, sessions, closure] = await Promise.all([
    slotsOn(db, classIds, local.date, local.weekday, settings),
    db.classSession.findMany({
      where: { classId: { in: classIds }, date: local.date },
      include: { attendance: { select: { studentId: true, status: true } } },
    }),
    closureOn(db, local.date),
  ]);
  const key = (classId: string, startsAt: Date) => `${classId} ${startsAt.getTime()}`;
  const sessionByKey = new Map(sessions.map((s) => [key(s.classId, s.startsAt), s]));
  const entries = new Map<string, { classId: string; startsAt: Date; endsAt: Date }>();
  for (const s of slots) entries.set(key(s.classId, s.startsAt), s);
  for (const s of sessions) entries.set(key(s.classId, s.startsAt), s);

  const items = [...entries.entries()].map(([k, e]): TodayItem => {
    const klass = classes.find((c) => c.id === e.classId)!;
    const session = sessionByKey.get(k);
    const enrolled = new Set(klass.enrollments.filter((en) => enrolledOn(en, local.date)).map((en) => en.studentId));
    const recorded = new Map((session?.attendance ?? []).map((r) => [r.studentId, r.status]));
    const students = new Set([...enrolled, ...recorded.keys()]);
    return {
      classId: klass.id,
      code: klass.code,
      title: klass.title,
      room: klass.room,
      startsAt: e.startsAt.toISOString(),
      endsAt: e.endsAt.toISOString(),
      sessionId: session?.id ?? null,
      status: session?.status ?? "NOT_STARTED",
      counts: countStatuses([...students].map((id) => recorded.get(id) ?? null)),
    };
  });
  items.sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.code.localeCompare(b.code));
  return { date: local.date, items, noSchool: closure?.reason ?? null };
}
