// Reports over a date range, scoped like every read: admins see every class, teachers only
// their own (a teacher's student report and chronic-absence list count only sessions of
// their classes). The arithmetic is in lib/attendance/rates.ts.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { AttendanceStatus, CheckInMethod } from "@/lib/generated/prisma/enums";
import {
  dailyRates,
  isChronicallyAbsent,
  tallyByStudent,
  totalTally,
  type DailyRate,
  type EnrollmentWindow,
  type HeldSession,
  type RecordFact,
  type Tally,
} from "@/lib/attendance/rates";
import { currentEnrollmentWhere, enrolledOn, visibleClassesWhere, type Viewer } from "@/lib/access";
import { schoolSettings } from "@/lib/settings";
import { localDate } from "@/lib/dates";
import { rangeSchema, type DateRange } from "@/lib/validations/reports";

/** The range in a URL, or the last 4 weeks up to today (school time) when absent or invalid. */
export async function rangeFromParams(
  db: PrismaClient,
  params: { from?: string; to?: string },
  at: Date,
): Promise<{ range: DateRange; error: string | null }> {
  const settings = await schoolSettings(db);
  const today = localDate(at, settings.timeZone);
  const fallback = { from: localDate(new Date(Date.parse(`${today}T12:00:00Z`) - 27 * 86_400_000), "UTC"), to: today };
  if (!params.from && !params.to) return { range: fallback, error: null };
  const parsed = rangeSchema.safeParse({ from: params.from, to: params.to });
  return parsed.success ? { range: parsed.data, error: null } : { range: fallback, error: parsed.error.issues[0].message };
}

type Facts = {
  sessions: (HeldSession & { startsAt: Date })[];
  records: (RecordFact & { markedAt: Date; method: CheckInMethod; note: string | null })[];
  enrollments: EnrollmentWindow[];
};

async function loadFacts(
  db: PrismaClient,
  viewer: Viewer,
  range: DateRange,
  only: { classId?: string; studentId?: string } = {},
): Promise<Facts> {
  const classWhere = { ...visibleClassesWhere(viewer), ...(only.classId ? { id: only.classId } : {}) };
  const [sessions, enrollments] = await Promise.all([
    db.classSession.findMany({
      where: { date: { gte: range.from, lte: range.to }, class: classWhere },
      select: { id: true, classId: true, date: true, startsAt: true },
      orderBy: { startsAt: "asc" },
    }),
    db.enrollment.findMany({
      where: { class: classWhere, ...(only.studentId ? { studentId: only.studentId } : {}) },
      select: { classId: true, studentId: true, beginDate: true, endDate: true },
    }),
  ]);
  const records = await db.attendanceRecord.findMany({
    where: { sessionId: { in: sessions.map((s) => s.id) }, ...(only.studentId ? { studentId: only.studentId } : {}) },
    select: { sessionId: true, studentId: true, status: true, markedAt: true, method: true, note: true },
  });
  return { sessions, records, enrollments };
}

const studentSelect = { id: true, identifier: true, givenName: true, familyName: true, preferredName: true, status: true } as const;
type StudentName = { id: string; identifier: string; givenName: string; familyName: string; preferredName: string | null; status: string };

export type ClassSummary = { id: string; code: string; title: string; sessionsHeld: number; total: Tally };

/** Every visible class with its totals over the range. */
export async function classesOverview(db: PrismaClient, viewer: Viewer, range: DateRange): Promise<ClassSummary[]> {
  const [classes, facts] = await Promise.all([
    db.class.findMany({
      where: visibleClassesWhere(viewer),
      select: { id: true, code: true, title: true, status: true },
      orderBy: { code: "asc" },
    }),
    loadFacts(db, viewer, range),
  ]);
  return classes
    .map((c) => {
      const sessions = facts.sessions.filter((s) => s.classId === c.id);
      const tallies = tallyByStudent(
        sessions,
        facts.records,
        facts.enrollments.filter((e) => e.classId === c.id),
      );
      return {
        id: c.id,
        code: c.code,
        title: c.title,
        sessionsHeld: sessions.length,
        total: totalTally(tallies.values()),
        archived: c.status === "ARCHIVED",
      };
    })
    .filter((c) => !c.archived || c.sessionsHeld > 0);
}

export type StudentTally = { student: StudentName; tally: Tally };
export type ClassReport = {
  klass: { id: string; code: string; title: string };
  range: DateRange;
  daily: DailyRate[];
  students: StudentTally[];
  total: Tally;
};

export async function classReport(db: PrismaClient, viewer: Viewer, classId: string, range: DateRange): Promise<ClassReport | null> {
  const klass = await db.class.findFirst({
    where: { id: classId, ...visibleClassesWhere(viewer) },
    select: { id: true, code: true, title: true },
  });
  if (!klass) return null;
  const facts = await loadFacts(db, viewer, range, { classId: klass.id });
  const tallies = tallyByStudent(facts.sessions, facts.records, facts.enrollments);
  const students = await db.student.findMany({ where: { id: { in: [...tallies.keys()] } }, select: studentSelect });
  return {
    klass,
    range,
    daily: dailyRates(facts.sessions, facts.records, facts.enrollments),
    students: students
      .map((s) => ({ student: s, tally: tallies.get(s.id)! }))
      .sort((a, b) => a.student.familyName.localeCompare(b.student.familyName) || a.student.givenName.localeCompare(b.student.givenName)),
    total: totalTally(tallies.values()),
  };
}

export type HistoryEntry = {
  date: string;
  startsAt: string;
  classCode: string;
  classTitle: string;
  status: AttendanceStatus | null;
  method: CheckInMethod | null;
  markedAt: string | null;
  note: string | null;
  counted: boolean;
};
export type StudentReport = { student: StudentName; range: DateRange; tally: Tally; history: HistoryEntry[] };

/** One student's attendance in the viewer's classes. Null when the viewer teaches no class of theirs. */
/** A student's report, for a viewer who may see them now (a teacher: a current enrollment in one of their classes). */
export async function studentReport(
  db: PrismaClient,
  viewer: Viewer,
  studentId: string,
  range: DateRange,
  at: Date,
): Promise<StudentReport | null> {
  const today = localDate(at, (await schoolSettings(db)).timeZone);
  const student = await db.student.findFirst({
    where: { id: studentId, enrollments: { some: currentEnrollmentWhere(viewer, today) } },
    select: studentSelect,
  });
  if (!student) return null;
  const facts = await loadFacts(db, viewer, range, { studentId: student.id });
  const tally = tallyByStudent(facts.sessions, facts.records, facts.enrollments).get(student.id) ?? totalTally([]);
  const classes = new Map(
    (
      await db.class.findMany({
        where: { id: { in: facts.enrollments.map((e) => e.classId) } },
        select: { id: true, code: true, title: true },
      })
    ).map((c) => [c.id, c]),
  );
  const history: HistoryEntry[] = [];
  for (const s of facts.sessions) {
    const enrollment = facts.enrollments.find((e) => e.classId === s.classId);
    const record = facts.records.find((r) => r.sessionId === s.id);
    const counted = Boolean(enrollment && enrolledOn(enrollment, s.date));
    if (!enrollment || (!counted && !record)) continue;
    const klass = classes.get(s.classId)!;
    history.push({
      date: s.date,
      startsAt: s.startsAt.toISOString(),
      classCode: klass.code,
      classTitle: klass.title,
      status: record?.status ?? null,
      method: record?.method ?? null,
      markedAt: record?.markedAt.toISOString() ?? null,
      note: record?.note ?? null,
      counted,
    });
  }
  return { student, range, tally, history };
}

export type ChronicEntry = StudentTally & { classes: string[] };

/**
 * Students absent from ≥ 10% of their marked sessions in the range, worst first; only those with
 * at least the school's minimum of marked sessions (one absence in one session flags nobody).
 */
export async function chronicAbsence(db: PrismaClient, viewer: Viewer, range: DateRange): Promise<ChronicEntry[]> {
  const [facts, settings] = await Promise.all([loadFacts(db, viewer, range), schoolSettings(db)]);
  const tallies = tallyByStudent(facts.sessions, facts.records, facts.enrollments);
  const chronic = [...tallies.entries()].filter(([, t]) => isChronicallyAbsent(t, settings.chronicMinSessions));
  const [students, classes] = await Promise.all([
    db.student.findMany({ where: { id: { in: chronic.map(([id]) => id) } }, select: studentSelect }),
    db.class.findMany({ where: visibleClassesWhere(viewer), select: { id: true, code: true } }),
  ]);
  const code = new Map(classes.map((c) => [c.id, c.code]));
  return students
    .map((s) => ({
      student: s,
      tally: tallies.get(s.id)!,
      classes: [...new Set(facts.enrollments.filter((e) => e.studentId === s.id).map((e) => code.get(e.classId)!))].sort(),
    }))
    .sort((a, b) => b.tally.absenceRate! - a.tally.absenceRate! || a.student.familyName.localeCompare(b.student.familyName));
}
