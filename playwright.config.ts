// End-to-end tests in a real Chromium against the real app (`npm start`) on its own
// port and data folder. Debian's Chromium by default: Playwright cannot download its own here.
import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);
/** Where tests/e2e/notices.spec.ts runs its SMTP server; the app sends guardian notices there. */
export const E2E_SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 3125);
const E2E_DATA_DIR = path.resolve("tests/.tmp/e2e-data");
const chromium = process.env.ROLLCALL_CHROMIUM ?? (fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"]],
  globalSetup: "./tests/e2e/global-setup.ts",
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: {
      executablePath: chromium,
      // No background traffic: this machine's network is closed.
      args: ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
    trace: "off",
    screenshot: "only-on-failure",
  },
  webServer: {
    // A fresh data folder for every run: the tests start from a first install.
    command: `rm -rf ${JSON.stringify(E2E_DATA_DIR)} && npm start`,
    url: `http://127.0.0.1:${PORT}/login`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      PORT: String(PORT),
      ROLLCALL_DATA_DIR: E2E_DATA_DIR,
      ROLLCALL_ADMIN_EMAIL: "admin@e2e.test",
      ROLLCALL_ADMIN_PASSWORD: "admin-password-e2e",
      ROLLCALL_TIMEZONE: "UTC",
      // The kiosk tests set the time the server sees through <data>/test-clock.json.
      ROLLCALL_TEST_CLOCK: "1",
      // The minute jobs (closing, notices) every 10 s: tests that wait for them wait less.
      ROLLCALL_TEST_JOB_SECONDS: "10",
      ROLLCALL_SMTP_URL: `smtp://127.0.0.1:${E2E_SMTP_PORT}`,
      ROLLCALL_MAIL_FROM: "attendance@e2e.test",
      ROLLCALL_BASE_URL: `http://127.0.0.1:${PORT}`,
    },
  },
});
