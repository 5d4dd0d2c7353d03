// Weekly schedule helpers, shared by pages, the kiosk session finder and tests.
import { WEEKDAYS } from "@/lib/dates";

/** "08:05" for 485 minutes after midnight. */
export function formatMinute(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}

/** "Mon 08:00–08:50" for a meeting with ISO weekday 1. */
export function formatMeeting(m: { weekday: number; startMinute: number; endMinute: number }): string {
  return `${WEEKDAYS[m.weekday - 1]} ${formatMinute(m.startMinute)}–${formatMinute(m.endMinute)}`;
}
