// A kiosk's contact with the server in the school's time: the kiosks page and the dashboard.
import { localDate, localDateTime, localTime, type SchoolClock } from "@/lib/dates";
import { KIOSK_OFFLINE_AFTER_MS } from "@/lib/kiosk/devices";

/** Whether a paired screen is in contact (it calls every 30 s), and what it holds offline, in the school's time. */
export function KioskHealth({
  kiosk,
  at,
  clock,
}: {
  kiosk: { lastContactAt: Date | null; outboxLength: number | null };
  at: Date;
  clock: SchoolClock;
}) {
  const last = kiosk.lastContactAt;
  // Today: the time alone ("since 8:22 AM"); an earlier day with its date.
  const when = (d: Date) =>
    localDate(d, clock.timeZone) === localDate(at, clock.timeZone) ? localTime(d, clock) : localDateTime(d, clock);
  const offline = !last || at.getTime() - last.getTime() > KIOSK_OFFLINE_AFTER_MS;
  return (
    <p data-testid="kiosk-health" className={`mt-1 ${offline ? "font-medium text-red-800" : "text-slate-700"}`}>
      {offline ? (last ? `Offline: no contact since ${when(last)}` : "No contact yet") : `Online, last contact ${localTime(last, clock)}`}
      {kiosk.outboxLength ? ` · ${kiosk.outboxLength} check-ins waiting on the screen` : ""}
    </p>
  );
}
