// Several app instances on one PostgreSQL database behind the real Caddy (deploy/Caddyfile with
// an upstream list), as a district runs Rollcall: requests are spread over the instances, a
// sign-in made at one instance is good at the other (one AUTH_SECRET), and classroom screens go
// on checking in when either instance is down. A throwaway PostgreSQL cluster; each instance has
// its own data folder, as on two machines.
import crypto from "node:crypto";
import path from "node:path";
import { chromium, expect, test, type Browser, type Page } from "@playwright/test";
import { startApp, type RunningApp } from "../support/app";
import { startCaddy, type RunningCaddy } from "../support/caddy";
import { MONDAY_0805, seedLoadClass } from "../support/load-class";
import { postgresBin, startPostgres, type PostgresCluster } from "../support/postgres";
import { KIOSK_API } from "@/lib/kiosk/protocol";
import { CHROMIUM } from "./fixtures";
import { signIn } from "./helpers";

const HOST = "district.school.test";
const PORTS = [3111, 3112];
const HTTPS = `https://${HOST}:8544`;
const ADMIN = { email: "admin@bench.test", password: "bench-admin-password" }; // tests/support/app.ts

test.describe.configure({ mode: "serial", timeout: 300_000 });
test.skip(!postgresBin(), "PostgreSQL is not installed (.ci/run installs it)");

let cluster: PostgresCluster;
let apps: RunningApp[] = [];
let caddy: RunningCaddy;
let browser: Browser;
let page: Page;
let centres: number[][];
let kioskCookie: string;

test.beforeAll(async () => {
  cluster = await startPostgres();
  const databaseUrl = await cluster.createDatabase("district");
  const env = { AUTH_SECRET: crypto.randomBytes(32).toString("base64url"), AUTH_TRUST_HOST: "true", ROLLCALL_TRUSTED_PROXIES: "127.0.0.1" };
  apps = [];
  for (const [i, port] of PORTS.entries()) apps.push(await startApp(port, { ...env, ROLLCALL_INSTANCE: `app-${i + 1}` }, { databaseUrl }));
  const seeded = await seedLoadClass(apps[0], 40, 1);
  centres = seeded.centres;
  kioskCookie = seeded.cookies[0];
  apps[1].setClock(MONDAY_0805); // each instance reads the test clock from its own data folder
  caddy = await startCaddy({
    host: HOST,
    httpPort: 8181,
    httpsPort: 8544,
    upstreams: PORTS.map((p) => `127.0.0.1:${p}`).join(" "),
    home: path.resolve("tests/.tmp/caddy-instances"),
    log: path.resolve("tests/.tmp/caddy-instances.log"),
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [`--host-resolver-rules=MAP ${HOST} 127.0.0.1`, `--ignore-certificate-errors-spki-list=${caddy.spkiHash}`],
  });
  const context = await browser.newContext();
  const [name, value] = kioskCookie.split("=");
  await context.addCookies([{ name, value, domain: HOST, path: "/", secure: true, httpOnly: true, sameSite: "Strict" }]);
  page = await context.newPage();
});

test.afterAll(async () => {
  await browser?.close();
  caddy?.stop();
  for (const app of apps.reverse()) await app.stop();
  cluster?.stop();
});

/**
 * Who answers `n` requests through Caddy: each instance's name from the health route, or the
 * status of a request Caddy could not place (a 502 while it has not yet noticed a stopped one).
 */
async function instancesAnswering(n: number): Promise<string[]> {
  return page.evaluate(async (n) => {
    const names: string[] = [];
    for (let i = 0; i < n; i++) {
      const res = await fetch("/api/health", { cache: "no-store" });
      names.push(res.ok ? (await res.json()).instance : String(res.status));
    }
    return names;
  }, n);
}

/** Waits until Caddy sends every request to exactly these instances. */
async function onlyAnswering(names: string[]) {
  await expect
    .poll(async () => [...new Set(await instancesAnswering(6))].sort(), { timeout: 30_000, intervals: [500] })
    .toEqual([...names].sort());
}

let sightings = 0;

/** A kiosk check-in through Caddy, as the screen sends it (a new event each time): the outcome for the student's face. */
async function checkIn(student: number): Promise<string> {
  sightings++;
  const jitter = (v: number, k: number) => v + Math.sin(student * 31 + k * 7) * 0.004;
  const body = {
    faces: [
      {
        trackId: `t${student}`,
        eventId: `instances-${sightings}`,
        capturedAt: MONDAY_0805,
        frames: [0, 1].map((k) => centres[student].map((v) => jitter(v, k))),
      },
    ],
  };
  // As the kiosk's outbox does: a 5xx (Caddy's 502 for a request that met a stopped instance)
  // is sent again, the same event, so it cannot be counted twice.
  return page.evaluate(
    async ({ url, body }) => {
      for (let attempt = 1; ; attempt++) {
        const res = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
        if (res.status >= 500 && attempt < 5) {
          await new Promise((r) => setTimeout(r, 1000));
          continue;
        }
        const json = await res.json().catch(() => ({ error: "no JSON" }));
        return json.faces?.[0]?.outcome ?? `${res.status} ${json.error}`;
      }
    },
    { url: `${KIOSK_API}/check-ins`, body },
  );
}

test("Caddy spreads requests over both instances", async () => {
  await page.goto(`${HTTPS}/login`);
  const names = await instancesAnswering(8);
  expect(new Set(names)).toEqual(new Set(["app-1", "app-2"]));
});

test("a sign-in made at one instance is good at the other, and screens check in with either one down", async () => {
  // Only app-1 up: the sign-in and two check-ins are its work.
  await apps[1].kill9();
  await onlyAnswering(["app-1"]);
  await signIn(page, ADMIN, HTTPS);
  expect(await checkIn(1)).toBe("marked");
  expect(await checkIn(2)).toBe("marked");

  // Now only app-2: the admin is still signed in, and screens go on.
  await apps[1].restart();
  await apps[0].kill9();
  await onlyAnswering(["app-2"]);
  await page.goto(`${HTTPS}/admin/students`);
  await expect(page).toHaveURL(/\/admin\/students/);
  await expect(page.getByRole("heading", { name: "Students", level: 1 })).toBeVisible();
  expect(await checkIn(3)).toBe("marked");
  expect(await checkIn(1)).toBe("already"); // app-1 recorded it; app-2 sees the same database

  // Both up again: the load is shared again, and every check-in is one record.
  await apps[0].restart();
  // Caddy takes app-1 back once its health check passes (every 10 s) and the 10 s it was left out end.
  await onlyAnswering(["app-1", "app-2"]);
  for (let s = 4; s < 12; s++) expect(await checkIn(s)).toBe("marked");
  const records = await apps[0].db.attendanceRecord.findMany({ select: { studentId: true } });
  expect(records.map((r) => r.studentId).sort()).toEqual(Array.from({ length: 11 }, (_, i) => `load-${i + 1}`).sort());
});
