// CSV exports of attendance: the Ed-Fi-shaped attendance file (a contract: the columns and their
// meaning are kept), and the reports' own tables. Scoped like every read (lib/access.ts).
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { AttendanceStatus, CheckInMethod } from "@/lib/generated/prisma/enums";
import type { Tally } from "@/lib/attendance/rates";
import { EDFI_CATEGORY, EDFI_CATEGORY_NAMESPACE, isAttended } from "@/lib/attendance/statuses";
import { visibleClassesWhere, type Viewer } from "@/lib/access";
import { toCsv } from "@/lib/csv";
import { localTimeWithSeconds } from "@/lib/dates";
import { schoolSettings } from "@/lib/settings";
import type { DateRange } from "@/lib/validations/reports";
import type { ChronicEntry, ClassReport, StudentReport } from "./reports";

/** Columns of the attendance export, named after Ed-Fi's StudentSectionAttendanceEvent where one exists. A contract: keep it. */
export const ATTENDANCE_EXPORT_COLUMNS = [
  "studentUniqueId",
  "studentSourcedId",
  "familyName",
  "givenName",
  "sectionIdentifier",
  "classSourcedId",
  "eventDate",
  "sessionStartTime",
  "attendanceEventCategoryDescriptor",
  "attendanceEventReason",
  "arrivalTime",
  "recordedBy",
] as const;

const RECORDED_BY: Record<CheckInMethod, string> = { FACE: "face", PIN: "pin", MANUAL: "teacher", SYSTEM: "session-close" };

/**
 * Whether `markedAt` is when the student arrived: only for a mark the student made on arriving
 * (face or PIN at the kiosk) and still attended. A roll call's or a correction's time is when a
 * teacher tapped, and the closing's is when the session ended: no arrival time for those.
 */
const arrivedAt = (r: { status: AttendanceStatus; method: CheckInMethod }) =>
  isAttended(r.status) && (r.method === "FACE" || r.method === "PIN");

/**
 * Every attendance record in the range (optionally of one class, by code) that the viewer
 * may see, as CSV: one row per student and session, ordered by date, session, class, name.
 * Null when a class code is given that the viewer cannot see (or that does not exist).
 */
export async function attendanceExport(db: PrismaClient, viewer: Viewer, range: DateRange, classCode?: string): Promise<string | null> {
  let classId: string | undefined;
  if (classCode !== undefined) {
    const klass = await db.class.findFirst({ where: { code: classCode, ...visibleClassesWhere(viewer) }, select: { id: true } });
    if (!klass) return null;
    classId = klass.id;
  }
  const settings = await schoolSettings(db);
  const timeZone = settings.timeZone;
  const records = await db.attendanceRecord.findMany({
    where: {
      session: { date: { gte: range.from, lte: range.to }, class: { ...visibleClassesWhere(viewer), ...(classId ? { id: classId } : {}) } },
    },
    select: {
      status: true,
      markedAt: true,
      method: true,
      note: true,
      student: { select: { identifier: true, sourcedId: true, givenName: true, familyName: true } },
      session: { select: { date: true, startsAt: true, class: { select: { code: true, sourcedId: true } } } },
    },
  });
  records.sort(
    (a, b) =>
      a.session.date.localeCompare(b.session.date) ||
      a.session.startsAt.getTime() - b.session.startsAt.getTime() ||
      a.session.class.code.localeCompare(b.session.class.code) ||
      a.student.familyName.localeCompare(b.student.familyName) ||
      a.student.givenName.localeCompare(b.student.givenName),
  );
  return toCsv(
    ATTENDANCE_EXPORT_COLUMNS,
    records.map((r) => [
      r.student.identifier,
      r.student.sourcedId,
      r.student.familyName,
      r.student.givenName,
      r.session.class.code,
      r.session.class.sourcedId,
      r.session.date,
      localTimeWithSeconds(r.session.startsAt, timeZone),
      `${EDFI_CATEGORY_NAMESPACE}#${EDFI_CATEGORY[r.status]}`,
      r.note,
      arrivedAt(r) ? localTimeWithSeconds(r.markedAt, timeZone) : null,
      RECORDED_BY[r.method],
    ]),
  );
}

const pct = (rate: number | null) => (rate === null ? null : (rate * 100).toFixed(1));
const TALLY_COLUMNS = [
  "sessions",
  "marked",
  "present",
  "tardy",
  "earlyDeparture",
  "excusedAbsences",
  "unexcusedAbsences",
  "attendanceRatePercent",
  "absenceRatePercent",
] as const;
const tallyCells = (t: Tally) => [
  t.sessions,
  t.marked,
  t.present,
  t.tardy,
  t.earlyDeparture,
  t.excused,
  t.unexcused,
  pct(t.attendanceRate),
  pct(t.absenceRate),
];

export function classReportCsv(report: ClassReport): { daily: string; students: string } {
  return {
    daily: toCsv(
      ["date", "sessionsHeld", ...TALLY_COLUMNS],
      report.daily.map((d) => [d.date, d.sessionsHeld, ...tallyCells(d)]),
    ),
    students: toCsv(
      ["studentUniqueId", "familyName", "givenName", ...TALLY_COLUMNS],
      report.students.map((s) => [s.student.identifier, s.student.familyName, s.student.givenName, ...tallyCells(s.tally)]),
    ),
  };
}

export function chronicCsv(entries: ChronicEntry[]): string {
  return toCsv(
    ["studentUniqueId", "familyName", "givenName", "classes", ...TALLY_COLUMNS],
    entries.map((e) => [e.student.identifier, e.student.familyName, e.student.givenName, e.classes.join(" "), ...tallyCells(e.tally)]),
  );
}

export function studentHistoryCsv(report: StudentReport): string {
  return toCsv(
    ["date", "sectionIdentifier", "status", "method", "markedAt", "note", "counted"],
    report.history.map((h) => [h.date, h.classCode, h.status, h.method, h.markedAt, h.note, h.counted ? "yes" : "no"]),
  );
}
