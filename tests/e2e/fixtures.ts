// Shared by the end-to-end tests: the test app's data folder, accounts and a direct
// database client (the same Prisma client the app uses) to arrange and check data.
import fs from "node:fs";
import path from "node:path";
import { createPrismaClient } from "@/lib/db";

export const E2E_DATA_DIR = path.resolve("tests/.tmp/e2e-data");
export const ADMIN = { email: "admin@e2e.test", password: "admin-password-e2e" };
export const TEACHER = { email: "teacher@e2e.test", password: "teacher-password-e2e", name: "Tess Teacher" };
export const OTHER_TEACHER = { email: "other@e2e.test", password: "other-password-e2e", name: "Otto Other" };

export function testDb() {
  return createPrismaClient(`file:${path.join(E2E_DATA_DIR, "rollcall.db")}`);
}

/**
 * Sets the time the app under test sees (lib/clock.ts); null returns it to the real clock.
 * `livenessSide` fixes the side of every head-turn challenge (random otherwise).
 */
export function setServerClock(iso: string | null, hooks: { livenessSide?: "left" | "right" } = {}) {
  const file = path.join(E2E_DATA_DIR, "test-clock.json");
  if (iso === null) fs.rmSync(file, { force: true });
  else fs.writeFileSync(file, JSON.stringify({ now: iso, ...hooks }));
}

export const CHROMIUM = process.env.ROLLCALL_CHROMIUM ?? (fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
