// Dates in the school's time zone. Calendar dates are "YYYY-MM-DD" strings (see prisma/schema.prisma).
import { TZDate } from "@date-fns/tz";

// Building an Intl.DateTimeFormat costs far more than using one (profiled: ~0.3 ms of every
// check-in), so each kind is made once per time zone.
const formats = new Map<string, Intl.DateTimeFormat>();
function format(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale} ${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.DateTimeFormat(locale, options)));
  return f;
}

/** The local calendar date of an instant in an IANA time zone, e.g. "2026-11-28". */
export function localDate(instant: Date, timeZone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return format("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
}

/** Short weekday names, Monday first: index + 1 is the ISO weekday. Also Intl's en-US short names. */
export const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

/** ISO weekday (1 = Monday) and minutes after local midnight of an instant in a time zone. */
export function localWeekdayAndMinute(instant: Date, timeZone: string): { date: string; weekday: number; minute: number } {
  const parts = Object.fromEntries(
    format("en-US", { timeZone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const weekday = WEEKDAYS.indexOf(parts.weekday as (typeof WEEKDAYS)[number]) + 1;
  return { date: localDate(instant, timeZone), weekday, minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** The instant of a local date ("YYYY-MM-DD") and minute after midnight in a time zone. */
export function instantOf(date: string, minute: number, timeZone: string): Date {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(new TZDate(y, m - 1, d, Math.floor(minute / 60), minute % 60, timeZone).getTime());
}

/** How the school tells the time: its zone, and whether it writes 12-hour times (the School page). */
export type SchoolClock = { timeZone: string; hour12: boolean };

/** Local "15:30", or "3:30 PM" for a school that writes 12-hour times. */
export function localTime(at: Date, clock: SchoolClock): string {
  return clock.hour12
    ? format("en-US", { timeZone: clock.timeZone, hour: "numeric", minute: "2-digit", hour12: true }).format(at)
    : format("en-GB", { timeZone: clock.timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
}

/** A minute after local midnight as the school writes it: "08:05", or "8:05 AM". */
export function clockMinute(minute: number, hour12 = false): string {
  const h = Math.floor(minute / 60);
  const mm = String(minute % 60).padStart(2, "0");
  if (!hour12) return `${String(h).padStart(2, "0")}:${mm}`;
  return `${h % 12 === 0 ? 12 : h % 12}:${mm} ${h < 12 ? "AM" : "PM"}`;
}

/** Local "HH:MM:SS" (24-hour) of an instant in a time zone: Ed-Fi's time format. */
export function localTimeWithSeconds(at: Date, timeZone: string): string {
  return format("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }).format(at);
}

/** "Mon 30 Nov 2026" for a local date ("YYYY-MM-DD"). */
export function formatDay(date: string): string {
  return format("en-GB", { timeZone: "UTC", weekday: "short", day: "numeric", month: "short", year: "numeric" }).format(
    new Date(`${date}T12:00:00Z`),
  );
}

/** "Monday, 30 November 2026" for a local date: for letters to families. */
export function formatLongDay(date: string): string {
  return format("en-GB", { timeZone: "UTC", weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(
    new Date(`${date}T12:00:00Z`),
  );
}

/** "2026-11-30 09:51" (or "2026-11-30 9:51 AM"): an instant as the school's local date and time. */
export function localDateTime(at: Date, clock: SchoolClock): string {
  return `${localDate(at, clock.timeZone)} ${localTime(at, clock)}`;
}

/**
 * Legacy IANA names that ICU (and so Intl.supportedValuesOf in Node and Chromium) still lists,
 * mapped to the names in use today. Only renames: each pair has the same rules.
 */
const RENAMED_ZONES: Record<string, string> = {
  "Africa/Asmera": "Africa/Asmara",
  "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
  "America/Catamarca": "America/Argentina/Catamarca",
  "America/Coral_Harbour": "America/Atikokan",
  "America/Cordoba": "America/Argentina/Cordoba",
  "America/Godthab": "America/Nuuk",
  "America/Indianapolis": "America/Indiana/Indianapolis",
  "America/Jujuy": "America/Argentina/Jujuy",
  "America/Louisville": "America/Kentucky/Louisville",
  "America/Mendoza": "America/Argentina/Mendoza",
  "Asia/Calcutta": "Asia/Kolkata",
  "Asia/Katmandu": "Asia/Kathmandu",
  "Asia/Rangoon": "Asia/Yangon",
  "Asia/Saigon": "Asia/Ho_Chi_Minh",
  "Atlantic/Faeroe": "Atlantic/Faroe",
  "Europe/Kiev": "Europe/Kyiv",
  "Pacific/Enderbury": "Pacific/Kanton",
  "Pacific/Ponape": "Pacific/Pohnpei",
  "Pacific/Truk": "Pacific/Chuuk",
};

/** A time zone's current IANA name (Asia/Calcutta → Asia/Kolkata); any other name as it is. */
export function currentZoneName(zone: string): string {
  return RENAMED_ZONES[zone] ?? zone;
}

/**
 * The time zones a school can choose, by their current names, sorted. `supported` is the
 * runtime's list (Intl.supportedValuesOf("timeZone")); the saved zone stays in the list as it
 * was saved, even under a legacy name, so that saving the form changes nothing by itself.
 */
export function timeZoneChoices(supported: readonly string[], saved: string): string[] {
  return [...new Set([...supported.map(currentZoneName), "UTC", saved])].sort();
}
