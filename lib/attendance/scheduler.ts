// Closes sessions whose period ended, once a minute, inside the server process. Several
// instances may run it at once: closing re-checks each session inside a transaction.
import { closeDueSessions } from "@/lib/attendance/review";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";

export const CLOSE_INTERVAL_MS = 60_000;

export function startSessionCloser(): void {
  const g = globalThis as { rollcallCloser?: NodeJS.Timeout };
  if (g.rollcallCloser) return;
  const tick = () =>
    closeDueSessions(db, now()).then(
      (r) => r.sessions && console.log(`Closed ${r.sessions} ended session(s); ${r.absent} marked Unexcused absence.`),
      (e) => console.error("Closing ended sessions failed:", e),
    );
  g.rollcallCloser = setInterval(tick, CLOSE_INTERVAL_MS);
  g.rollcallCloser.unref();
  void tick();
}
