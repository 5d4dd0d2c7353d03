// The server's clock. End-to-end tests set the time the server sees (never the machine's)
// through <data>/test-clock.json, read only when ROLLCALL_TEST_CLOCK=1: production never sets it.
// The same file is the one hook for anything else a test must fix that is random in use (the
// side of a head-turn challenge).
import fs from "node:fs";
import path from "node:path";
import { dataDir } from "@/lib/config";

type TestHooks = { now?: string; livenessSide?: "left" | "right" };

function testHooks(): TestHooks {
  if (process.env.ROLLCALL_TEST_CLOCK !== "1") return {};
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir(), "test-clock.json"), "utf8")) as TestHooks;
  } catch {
    return {};
  }
}

export function now(): Date {
  const iso = testHooks().now;
  return iso ? new Date(iso) : new Date();
}

/** The side a test asked every head-turn challenge to use, if any (never in production). */
export function testLivenessSide(): "left" | "right" | undefined {
  const side = testHooks().livenessSide;
  return side === "left" || side === "right" ? side : undefined;
}

/**
 * The minute jobs' interval a test asked for (ROLLCALL_TEST_JOB_SECONDS, with ROLLCALL_TEST_CLOCK=1
 * only): end-to-end tests that wait for a session to close and its notices to go out wait
 * seconds, not minutes. Never in production.
 */
export function testJobIntervalMs(): number | undefined {
  if (process.env.ROLLCALL_TEST_CLOCK !== "1") return undefined;
  const seconds = Number(process.env.ROLLCALL_TEST_JOB_SECONDS);
  return Number.isInteger(seconds) && seconds >= 2 && seconds <= 60 ? seconds * 1000 : undefined;
}
