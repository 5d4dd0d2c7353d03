// Work on a timer inside the server process: closing sessions whose period ended (every
// minute) and the biometric retention purge (every hour). Several instances may run it at
// once: closing re-checks each session inside a transaction; a purge deletes what is there.
import { closeDueSessions } from "@/lib/attendance/closing";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";
import { logEvent } from "@/lib/log";
import { purgeBiometrics } from "@/lib/consent/retention";
import { purgeKioskEvents } from "@/lib/kiosk/devices";

export const CLOSE_INTERVAL_MS = 60_000;
export const PURGE_INTERVAL_MS = 60 * 60_000;

/** Runs one background job and writes one JSON line about it: what it did, or why it failed. */
export async function runJob(job: string, work: () => Promise<Record<string, number>>): Promise<void> {
  const started = performance.now();
  try {
    const result = await work();
    logEvent("info", "job", { job, ms: Math.round(performance.now() - started), ...result });
  } catch (error) {
    logEvent("error", "job", { job, ms: Math.round(performance.now() - started), error });
  }
}

export function startTimers(): void {
  const g = globalThis as { rollcallCloser?: NodeJS.Timeout };
  if (g.rollcallCloser) return;
  const tick = () => runJob("close-sessions", () => closeDueSessions(db, now()));
  g.rollcallCloser = setInterval(tick, CLOSE_INTERVAL_MS);
  g.rollcallCloser.unref();
  void tick();
  const purge = () =>
    runJob("retention-purge", async () => ({
      students: (await purgeBiometrics(db, now(), { label: "system" })).length,
      kioskEvents: await purgeKioskEvents(db, now()),
    }));
  setInterval(purge, PURGE_INTERVAL_MS).unref();
  void purge();
}
