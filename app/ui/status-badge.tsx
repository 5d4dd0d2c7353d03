import { STATUS_LABEL, STATUS_TONE } from "@/lib/attendance/statuses";
import type { AttendanceStatus } from "@/lib/generated/prisma/enums";

export function StatusBadge({ status }: { status: AttendanceStatus }) {
  return <span className={`inline-block rounded px-2 py-0.5 text-sm font-medium ${STATUS_TONE[status]}`}>{STATUS_LABEL[status]}</span>;
}
