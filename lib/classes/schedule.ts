// Weekly schedule helpers, shared by pages, the kiosk session finder and tests.
import { clockMinute, WEEKDAYS } from "@/lib/dates";

/** "08:05" for 485 minutes after midnight: what a time field holds (always 24-hour). */
export function formatMinute(minute: number): string {
  return clockMinute(minute);
}

/** "Mon 08:00–08:50" for a meeting with ISO weekday 1 ("Mon 8:00 AM–8:50 AM" for a 12-hour school). */
export function formatMeeting(m: { weekday: number; startMinute: number; endMinute: number }, hour12 = false): string {
  return `${WEEKDAYS[m.weekday - 1]} ${clockMinute(m.startMinute, hour12)}–${clockMinute(m.endMinute, hour12)}`;
}
