// Work on a timer inside the server process: closing sessions whose period ended (every
// minute) and the purges (every hour). Every instance keeps the timers, aligned to the wall
// clock's minutes; each run first claims its slot (a JobRun row keyed by job and minute or
// hour), so with several instances on one database each job runs exactly once per slot, by
// whichever instance claims it first. If that instance dies mid-run the next slot catches up:
// both jobs do whatever is due, not what one minute brought.
import os from "node:os";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { closeDueSessions } from "@/lib/attendance/closing";
import { now, testJobIntervalMs } from "@/lib/clock";
import { db } from "@/lib/db";
import { instanceLabel } from "@/lib/config";
import { isUniqueViolation } from "@/lib/db/races";
import { logEvent } from "@/lib/log";
import { purgeBiometrics } from "@/lib/consent/retention";
import { purgeKioskEvents } from "@/lib/kiosk/devices";
import { purgeRateBuckets } from "@/lib/rate-limit";
import { purgeLivenessChallenges } from "@/lib/attendance/liveness";
import { queueNotices, sendDueNotices } from "@/lib/notices/outbox";
import { createMailer, mailConfig, type Mailer } from "@/lib/mail";

export const CLOSE_INTERVAL_MS = 60_000;
export const PURGE_INTERVAL_MS = 60 * 60_000;
/** JobRun rows are the record that the jobs ran; two days of them answer "did it run this morning?". */
const JOB_RUNS_KEPT_MS = 2 * 24 * 3600_000;

/** This instance's name in JobRun rows: ROLLCALL_INSTANCE, else host and process. */
export function instanceName(): string {
  return instanceLabel() ?? `${os.hostname()}:${process.pid}`;
}

/** The slot a run at `atMs` belongs to: the start of its minute (or hour). Real time: the test clock may stand still. */
export function slotOf(atMs: number, intervalMs: number): Date {
  return new Date(Math.floor(atMs / intervalMs) * intervalMs);
}

/** Claims `job`'s slot for this instance; false when another instance (or an earlier start) has it. */
export async function claimSlot(db: PrismaClient, job: string, slot: Date, instance = instanceName()): Promise<boolean> {
  try {
    await db.jobRun.create({ data: { job, slot, instance, startedAt: new Date() } });
    return true;
  } catch (e) {
    if (isUniqueViolation(e)) return false;
    throw e;
  }
}

/**
 * Runs one background job for its slot, once across instances, and writes one JSON line about
 * it: what it did, or why it failed. The result is kept on the JobRun row as well.
 */
export async function runJob(
  job: string,
  intervalMs: number,
  work: () => Promise<Record<string, number>>,
  database: PrismaClient = db,
): Promise<"ran" | "skipped" | "failed"> {
  const slot = slotOf(Date.now(), intervalMs);
  let claimed: boolean;
  try {
    claimed = await claimSlot(database, job, slot);
  } catch (error) {
    logEvent("error", "job", { job, error }); // the database is unreachable: the next slot tries again
    return "failed";
  }
  if (!claimed) return "skipped";
  const started = performance.now();
  let line: Record<string, unknown>;
  let outcome: "ran" | "failed";
  try {
    const result = await work();
    line = { job, ms: Math.round(performance.now() - started), ...result };
    logEvent("info", "job", line);
    outcome = "ran";
  } catch (error) {
    line = { job, ms: Math.round(performance.now() - started), error: String(error) };
    logEvent("error", "job", { job, ms: line.ms, error });
    outcome = "failed";
  }
  await database.jobRun
    .update({ where: { job_slot: { job, slot } }, data: { finishedAt: new Date(), result: JSON.stringify(line) } })
    .catch(() => undefined); // the record of a run, not the run: never fail the job for it
  return outcome;
}

/** Calls `fn` now and then at every multiple of `intervalMs` on the wall clock (plus `offsetMs`). */
function onTheClock(intervalMs: number, offsetMs: number, fn: () => Promise<unknown>) {
  const arm = () => {
    const wait = intervalMs - (Date.now() % intervalMs) + offsetMs;
    setTimeout(() => void fn().finally(arm), wait).unref();
  };
  void fn().finally(arm);
}

export function startTimers(): void {
  const g = globalThis as { rollcallTimers?: boolean };
  if (g.rollcallTimers) return;
  g.rollcallTimers = true;
  const minute = testJobIntervalMs() ?? CLOSE_INTERVAL_MS;
  // A second past the minute: a session ending at 08:50 closes at 08:50:01.
  onTheClock(minute, 1_000, () => runJob("close-sessions", minute, () => closeDueSessions(db, now())));
  // Twenty seconds later, the sessions that just closed have their absences: guardian notices.
  const config = mailConfig();
  const mailer: Mailer | null = createMailer(config);
  if (!config.ok) logEvent("info", "mail", { configured: false, message: config.message });
  onTheClock(minute, Math.min(20_000, minute / 2), () =>
    runJob("guardian-notices", minute, async () => {
      const at = now();
      const { queued } = await queueNotices(db, at);
      const { sent, failed, retrying, cancelled } = await sendDueNotices(db, mailer, config.ok ? config.from : null, at, {
        instance: instanceName(),
      });
      return { queued, sent, failed, retrying, cancelled };
    }),
  );
  onTheClock(PURGE_INTERVAL_MS, 30_000, () =>
    runJob("retention-purge", PURGE_INTERVAL_MS, async () => ({
      students: (await purgeBiometrics(db, now(), { label: "system" })).length,
      kioskEvents: await purgeKioskEvents(db, now()),
      rateBuckets: await purgeRateBuckets(db),
      livenessChallenges: await purgeLivenessChallenges(db, now()),
      jobRuns: (await db.jobRun.deleteMany({ where: { slot: { lt: new Date(Date.now() - JOB_RUNS_KEPT_MS) } } })).count,
    })),
  );
}
