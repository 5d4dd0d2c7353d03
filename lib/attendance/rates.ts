// Attendance rates and chronic absence, computed from plain facts so they can be checked by
// hand. Definitions (also in the README):
// - A student's sessions are the sessions held of their classes on dates inside their
//   enrollment (begin and end dates inclusive). Sessions before they enrolled or after
//   they left do not count, whatever records exist.
// - Attended = Present, Tardy or Early departure. Absent = Excused or Unexcused absence:
//   chronic absence counts excused absences too, as the common definition (US Department of
//   Education, Attendance Works) does; it measures missed instruction, not truancy.
// - A session with no record yet for the student (still open, not taken) is "unmarked" and
//   left out of both the numerator and the denominator.
// - Chronically absent: absent from 10% or more of the marked sessions in the range.
import type { AttendanceStatus } from "@/lib/generated/prisma/enums";
import { isAbsent, isAttended } from "./statuses";
import { enrolledOn } from "@/lib/access";

export const CHRONIC_ABSENCE_RATE = 0.1;

export type HeldSession = { id: string; classId: string; date: string };
export type RecordFact = { sessionId: string; studentId: string; status: AttendanceStatus };
export type EnrollmentWindow = { classId: string; studentId: string; beginDate: string | null; endDate: string | null };

export type Tally = {
  sessions: number;
  marked: number;
  unmarked: number;
  present: number;
  tardy: number;
  earlyDeparture: number;
  excused: number;
  unexcused: number;
  attended: number;
  absences: number;
  /** attended / marked; null when nothing is marked. */
  attendanceRate: number | null;
  /** absences / marked; null when nothing is marked. */
  absenceRate: number | null;
};

function emptyTally(): Tally {
  return {
    sessions: 0,
    marked: 0,
    unmarked: 0,
    present: 0,
    tardy: 0,
    earlyDeparture: 0,
    excused: 0,
    unexcused: 0,
    attended: 0,
    absences: 0,
    attendanceRate: null,
    absenceRate: null,
  };
}

function count(t: Tally, status: AttendanceStatus | undefined): void {
  t.sessions++;
  if (!status) {
    t.unmarked++;
    return;
  }
  t.marked++;
  if (status === "PRESENT") t.present++;
  else if (status === "TARDY") t.tardy++;
  else if (status === "EARLY_DEPARTURE") t.earlyDeparture++;
  else if (status === "EXCUSED_ABSENCE") t.excused++;
  else if (status === "UNEXCUSED_ABSENCE") t.unexcused++;
  if (isAttended(status)) t.attended++;
  if (isAbsent(status)) t.absences++;
}

function finish(t: Tally): Tally {
  t.attendanceRate = t.marked ? t.attended / t.marked : null;
  t.absenceRate = t.marked ? t.absences / t.marked : null;
  return t;
}

/** Each (student, session) pair that counts, with the student's status there (if marked). */
function* countedSlots(sessions: HeldSession[], records: RecordFact[], enrollments: EnrollmentWindow[]) {
  const status = new Map(records.map((r) => [`${r.sessionId} ${r.studentId}`, r.status]));
  const byClass = new Map<string, HeldSession[]>();
  for (const s of sessions) {
    const list = byClass.get(s.classId);
    if (list) list.push(s);
    else byClass.set(s.classId, [s]);
  }
  for (const e of enrollments) {
    for (const s of byClass.get(e.classId) ?? []) {
      if (enrolledOn(e, s.date)) yield { studentId: e.studentId, session: s, status: status.get(`${s.id} ${e.studentId}`) };
    }
  }
}

/** Per student: their sessions in the range and what happened. */
export function tallyByStudent(sessions: HeldSession[], records: RecordFact[], enrollments: EnrollmentWindow[]): Map<string, Tally> {
  const tallies = new Map<string, Tally>();
  for (const slot of countedSlots(sessions, records, enrollments)) {
    const t = tallies.get(slot.studentId) ?? emptyTally();
    count(t, slot.status);
    tallies.set(slot.studentId, t);
  }
  tallies.forEach(finish);
  return tallies;
}

export type DailyRate = Tally & { date: string; sessionsHeld: number };

/** Per date (ascending): all students' sessions that day together. */
export function dailyRates(sessions: HeldSession[], records: RecordFact[], enrollments: EnrollmentWindow[]): DailyRate[] {
  const days = new Map<string, DailyRate>();
  for (const s of sessions) {
    const day = days.get(s.date) ?? { ...emptyTally(), date: s.date, sessionsHeld: 0 };
    day.sessionsHeld++;
    days.set(s.date, day);
  }
  for (const slot of countedSlots(sessions, records, enrollments)) count(days.get(slot.session.date)!, slot.status);
  return [...days.values()].map((d) => finish(d) as DailyRate).sort((a, b) => a.date.localeCompare(b.date));
}

export function totalTally(tallies: Iterable<Tally>): Tally {
  const total = emptyTally();
  for (const t of tallies) {
    for (const k of [
      "sessions",
      "marked",
      "unmarked",
      "present",
      "tardy",
      "earlyDeparture",
      "excused",
      "unexcused",
      "attended",
      "absences",
    ] as const)
      total[k] += t[k];
  }
  return finish(total);
}

/** Marked sessions needed before a student is flagged (a school setting; this is its default). */
export const DEFAULT_CHRONIC_MIN_SESSIONS = 10;

/**
 * "chronic": absent from 10% or more of at least `minMarked` marked sessions. "provisional": the
 * rate is there but on too few sessions to flag anyone (one absence in one session is 100%).
 */
export function chronicStatus(t: Tally, minMarked = DEFAULT_CHRONIC_MIN_SESSIONS): "chronic" | "provisional" | "no" {
  if (t.absenceRate === null || t.absenceRate < CHRONIC_ABSENCE_RATE) return "no";
  return t.marked >= minMarked ? "chronic" : "provisional";
}

export function isChronicallyAbsent(t: Tally, minMarked = DEFAULT_CHRONIC_MIN_SESSIONS): boolean {
  return chronicStatus(t, minMarked) === "chronic";
}
