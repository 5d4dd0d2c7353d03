// The server's clock. End-to-end tests set the time the server sees (never the machine's)
// through <data>/test-clock.json, read only when ROLLCALL_TEST_CLOCK=1: production never sets it.
import fs from "node:fs";
import path from "node:path";
import { dataDir } from "@/lib/config";

export function now(): Date {
  if (process.env.ROLLCALL_TEST_CLOCK !== "1") return new Date();
  try {
    const { now: iso } = JSON.parse(fs.readFileSync(path.join(dataDir(), "test-clock.json"), "utf8")) as { now: string };
    return new Date(iso);
  } catch {
    return new Date();
  }
}
