// How statuses look: the colours are the UI's business (lib/attendance/statuses.ts has the names).
import { STATUS_LABEL } from "@/lib/attendance/statuses";
import type { AttendanceStatus } from "@/lib/generated/prisma/enums";

/** Tailwind classes for a status badge (text ≥ 4.5:1 on its background). */
export const STATUS_TONE: Record<AttendanceStatus, string> = {
  PRESENT: "bg-green-100 text-green-900",
  TARDY: "bg-amber-100 text-amber-900",
  EARLY_DEPARTURE: "bg-sky-100 text-sky-900",
  EXCUSED_ABSENCE: "bg-slate-200 text-slate-900",
  UNEXCUSED_ABSENCE: "bg-red-100 text-red-900",
};

export function StatusBadge({ status }: { status: AttendanceStatus }) {
  return <span className={`inline-block rounded px-2 py-0.5 text-sm font-medium ${STATUS_TONE[status]}`}>{STATUS_LABEL[status]}</span>;
}
