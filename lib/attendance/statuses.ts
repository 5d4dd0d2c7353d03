// Attendance statuses: their names for people, for Ed-Fi exports, and how they count.
// Free of the database so the browser, reports and exports share it.
import type { AttendanceStatus, CheckInMethod } from "@/lib/generated/prisma/enums";

export const ATTENDANCE_STATUSES = [
  "PRESENT",
  "TARDY",
  "EARLY_DEPARTURE",
  "EXCUSED_ABSENCE",
  "UNEXCUSED_ABSENCE",
] as const satisfies readonly AttendanceStatus[];

export const STATUS_LABEL: Record<AttendanceStatus, string> = {
  PRESENT: "Present",
  TARDY: "Tardy",
  EARLY_DEPARTURE: "Early departure",
  EXCUSED_ABSENCE: "Excused absence",
  UNEXCUSED_ABSENCE: "Unexcused absence",
};

/**
 * "synced late (+12 min)" for a kiosk check-in that reached the server a minute or more after
 * the face was seen (the kiosk kept it offline); null otherwise.
 */
export function syncedLateLabel(markedAt: Date | string, receivedAt: Date | string | null | undefined): string | null {
  if (!receivedAt) return null;
  const minutes = Math.round((new Date(receivedAt).getTime() - new Date(markedAt).getTime()) / 60_000);
  if (minutes < 1) return null;
  const delay = minutes < 90 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return `synced late (+${delay})`;
}

/** A kiosk check-in seen after its session was closed (early, by a teacher): shown "after close". */
export function isAfterClose(r: { method: CheckInMethod; markedAt: Date }, closedAt: Date | null): boolean {
  return (r.method === "FACE" || r.method === "PIN") && closedAt !== null && r.markedAt >= closedAt;
}

export const METHOD_LABEL: Record<CheckInMethod, string> = {
  FACE: "Face",
  PIN: "PIN",
  MANUAL: "Teacher",
  SYSTEM: "Session closed",
};

/**
 * How a record was made, as staff read it: a face check-in says when a head turn confirmed it
 * too; the closing's absence, once a person corrected it, is the teacher's record.
 */
export function methodLabel(method: CheckInMethod, headTurn = false, corrected = false): string {
  if (method === "SYSTEM" && corrected) return "Teacher (corrected)";
  return method === "FACE" && headTurn ? "Face + head turn" : METHOD_LABEL[method];
}

/**
 * Ed-Fi AttendanceEventCategoryDescriptor values (Data Standard v5/v6), for exports to a
 * school information system. Present is "In Attendance", Ed-Fi's category for a student
 * who attended; "Early departure" is lower-case d in the standard.
 */
export const EDFI_CATEGORY: Record<AttendanceStatus, string> = {
  PRESENT: "In Attendance",
  TARDY: "Tardy",
  EARLY_DEPARTURE: "Early departure",
  EXCUSED_ABSENCE: "Excused Absence",
  UNEXCUSED_ABSENCE: "Unexcused Absence",
};
export const EDFI_CATEGORY_NAMESPACE = "uri://ed-fi.org/AttendanceEventCategoryDescriptor";

/** Attended (some or all of) the session: present, tardy, or left early. */
export function isAttended(status: AttendanceStatus): boolean {
  return status === "PRESENT" || status === "TARDY" || status === "EARLY_DEPARTURE";
}

/** Missed the session. Excused absences are absences too (the chronic-absence definition counts them). */
export function isAbsent(status: AttendanceStatus): boolean {
  return status === "EXCUSED_ABSENCE" || status === "UNEXCUSED_ABSENCE";
}
