// Work on a timer inside the server process: closing sessions whose period ended (every
// minute) and the biometric retention purge (every hour). Several instances may run it at
// once: closing re-checks each session inside a transaction; a purge deletes what is there.
import { closeDueSessions } from "@/lib/attendance/review";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";
import { purgeBiometrics } from "@/lib/retention";

export const CLOSE_INTERVAL_MS = 60_000;
export const PURGE_INTERVAL_MS = 60 * 60_000;

export function startTimers(): void {
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
  const purge = () =>
    purgeBiometrics(db, now(), { label: "system" }).then(
      (done) => done.length && console.log(`Retention: purged the photos and templates of ${done.length} student(s).`),
      (e) => console.error("Retention purge failed:", e),
    );
  setInterval(purge, PURGE_INTERVAL_MS).unref();
  void purge();
}
