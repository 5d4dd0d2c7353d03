// Dates in the school's time zone. Calendar dates are "YYYY-MM-DD" strings (see prisma/schema.prisma).

/** The local calendar date of an instant in an IANA time zone, e.g. "2026-11-28". */
export function localDate(instant: Date, timeZone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
}
