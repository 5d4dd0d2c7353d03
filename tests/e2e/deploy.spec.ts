// The deployment issue's acceptance: Rollcall behind a real Caddy (deploy/Caddyfile, its internal
// certificate authority) on a host name that is not localhost, as a classroom screen on the
// school network reaches it. A second app instance on the test's data folder plays the
// service (HOST=127.0.0.1, ROLLCALL_TRUSTED_PROXIES=127.0.0.1); the main test server has no
// trusted proxy, so it plays a server reached directly.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { chromium, expect, test, type Browser, type BrowserContext } from "@playwright/test";
import { Prisma } from "@/lib/generated/prisma/client";
import { createKiosk } from "@/lib/kiosk/devices";
import { ADMIN, CHROMIUM, E2E_DATA_DIR, setServerClock, testDb } from "./fixtures";
import { signIn } from "./helpers";
import { enrollFixturePhotos } from "../support/enroll-fixtures";
import { startCaddy } from "../support/caddy";

const HOST = "rollcall.school.test";
const APP_PORT = 3101;
const HTTP_PORT = 8180;
const HTTPS_PORT = 8543;
const HTTPS = `https://${HOST}:${HTTPS_PORT}`;
const DIRECT = `http://${HOST}:${Number(process.env.E2E_PORT ?? 3100)}`; // the test server, no proxy in front
const CADDY_HOME = path.resolve("tests/.tmp/caddy");
const FACES = path.resolve("tests/fixtures/faces");
const VIDEOS = path.resolve("tests/.tmp/videos");
const CLASS_CODE = "NET-1";
// Monday 30 November 2026, 08:03 UTC: NET-1 meets Mondays 08:00–08:50.
const IN_CLASS = "2026-11-30T08:03:00Z";

test.describe.configure({ mode: "serial", timeout: 180_000 });

const children: ChildProcess[] = [];
const browsers: Browser[] = [];
let spkiHash = "";
let pairingCode = "";
let directPairingCode = "";

async function waitFor(url: string, ok: (status: number) => boolean, what: string, child: ChildProcess) {
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    try {
      if (ok((await fetch(url, { redirect: "manual" })).status)) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > until) throw new Error(`${what} did not answer at ${url}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function start(command: string, args: string[], env: Record<string, string>, name: string): ChildProcess {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const log = fs.createWriteStream(path.join("tests/.tmp", `${name}.log`));
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  children.push(child);
  return child;
}

/** A classroom screen: the school's name resolves to this machine, the CA's key is trusted, a fake camera. */
async function screen(videoFile?: string): Promise<BrowserContext> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      `--host-resolver-rules=MAP ${HOST} 127.0.0.1`,
      // Trust the certificates Caddy's internal CA issues, as a screen with its root installed would.
      `--ignore-certificate-errors-spki-list=${spkiHash}`,
      "--disable-background-networking",
      ...(videoFile
        ? ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", `--use-file-for-fake-video-capture=${videoFile}`]
        : []),
    ],
  });
  browsers.push(browser);
  return browser.newContext({ permissions: videoFile ? ["camera"] : [] });
}

test.beforeAll(async () => {
  fs.mkdirSync(VIDEOS, { recursive: true });
  const secrets = JSON.parse(fs.readFileSync(path.join(E2E_DATA_DIR, "secrets.json"), "utf8")) as { authSecret: string };
  // The service: the same build and database, listening on 127.0.0.1 only, trusting Caddy there.
  const app = start(
    process.execPath,
    ["--import", "tsx", "scripts/server.ts"],
    {
      PORT: String(APP_PORT),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      ROLLCALL_DATA_DIR: E2E_DATA_DIR,
      ROLLCALL_TRUSTED_PROXIES: "127.0.0.1",
      ROLLCALL_TEST_CLOCK: "1",
      ROLLCALL_INSTANCE: "deploy-app",
      AUTH_SECRET: secrets.authSecret,
      AUTH_TRUST_HOST: "true",
    },
    "deploy-app",
  );
  await waitFor(`http://127.0.0.1:${APP_PORT}/api/health`, (s) => s === 200, "the app", app);
  const caddy = await startCaddy({
    host: HOST,
    httpPort: HTTP_PORT,
    httpsPort: HTTPS_PORT,
    upstreams: `127.0.0.1:${APP_PORT}`,
    home: CADDY_HOME,
    log: path.join("tests/.tmp", "caddy.log"),
  });
  children.push(caddy.child);
  spkiHash = caddy.spkiHash;

  const db = testDb();
  // The kiosk identifies among the whole school: earlier specs' face students step aside.
  await db.student.updateMany({ where: { templates: { some: {} } }, data: { status: "ARCHIVED", archivedAt: new Date() } });
  const klass = await db.class.create({
    data: { code: CLASS_CODE, title: "Networks 1", meetings: { create: { weekday: 1, startMinute: 480, endMinute: 530 } } },
  });
  const penny = await db.student.create({
    data: { identifier: "N1", givenName: "Penny", familyName: "Net", consentStatus: "GRANTED", consentAt: new Date() },
  });
  await db.enrollment.create({ data: { classId: klass.id, studentId: penny.id } });
  // Earlier specs enrolled the same fixture person under other (now archived) records.
  await enrollFixturePhotos(db, penny.id, "penny", [1, 2], { label: "test" });
  pairingCode = (await createKiosk(db, { name: "Networks door", classId: klass.id }, { label: "test" }, new Date(IN_CLASS))).code;
  directPairingCode = (await createKiosk(db, { name: "Plain http screen", classId: klass.id }, { label: "test" }, new Date(IN_CLASS))).code;
  await db.$disconnect();
  setServerClock(IN_CLASS);
});

test.afterEach(async () => {
  await Promise.all(browsers.splice(0).map((b) => b.close()));
});

test.afterAll(async () => {
  setServerClock(null);
  for (const child of children) child.kill("SIGTERM");
  const db = testDb();
  await db.student.updateMany({ where: { identifier: "N1" }, data: { status: "ARCHIVED", archivedAt: new Date() } });
  await db.$disconnect();
});

test("a classroom screen paired over https gets its camera and checks a student in; the kiosk cookie is Secure", async () => {
  const video = path.join(VIDEOS, "penny3-net.y4m");
  if (!fs.existsSync(video))
    execFileSync("ffmpeg", [
      "-loglevel",
      "error",
      "-y",
      "-loop",
      "1",
      "-i",
      path.join(FACES, "people/penny/penny3.png"),
      "-vf",
      "scale=260:260,pad=640:480:(ow-iw)/2:(oh-ih)/2:color=0x808080,noise=alls=5:allf=t,format=yuv420p",
      "-r",
      "10",
      "-t",
      "3",
      video,
    ]);
  const ctx = await screen(video);
  const page = await ctx.newPage();
  // A screen that types http:// is sent to https:// by Caddy (on the standard port: the test's
  // Caddy listens on spare ports, so the redirect is read rather than followed).
  const redirect = await new Promise<http.IncomingMessage>((resolve, reject) =>
    http.get({ host: "127.0.0.1", port: HTTP_PORT, path: "/kiosk", headers: { host: HOST } }, resolve).on("error", reject),
  );
  expect(redirect.statusCode).toBe(308);
  expect(redirect.headers.location).toBe(`https://${HOST}/kiosk`);
  await page.goto(`${HTTPS}/kiosk/pair?code=${pairingCode}`);
  expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
  await page.getByRole("button", { name: "Pair this screen" }).click();
  await expect(page.getByTestId("kiosk-class")).toHaveText("Networks 1");
  const cookie = (await ctx.cookies()).find((c) => c.name === "rollcall_kiosk")!;
  expect(cookie).toMatchObject({ secure: true, httpOnly: true, domain: HOST });

  await expect(page.getByTestId("confirmation").first()).toContainText("Penny N.", { timeout: 90_000 });
  await expect(page.getByTestId("confirmation").first()).toContainText("Present · 08:03");
  const db = testDb();
  const records = await db.attendanceRecord.findMany({
    where: { student: { identifier: "N1" }, session: { class: { code: CLASS_CODE } } },
  });
  await db.$disconnect();
  expect(records).toHaveLength(1);
  expect(records[0]).toMatchObject({ status: "PRESENT", method: "FACE" });
});

test("the same kiosk page over plain http on the school's host name says it must use https", async () => {
  const ctx = await screen(path.join(VIDEOS, "penny3-net.y4m"));
  const page = await ctx.newPage();
  await page.goto(`${DIRECT}/kiosk/pair?code=${directPairingCode}`);
  await page.getByRole("button", { name: "Pair this screen" }).click();
  await expect(page.getByTestId("kiosk-class")).toHaveText("Networks 1");
  expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
  await expect(page.getByText("This screen must open Rollcall over https://")).toBeVisible();
  await expect(page.getByText("could not start")).toHaveCount(0);
});

test("staff sign in over https with a Secure session cookie; a forged X-Forwarded-Proto is ignored on a direct connection", async () => {
  const ctx = await screen();
  const page = await ctx.newPage();
  await signIn(page, ADMIN, HTTPS);
  await expect(page).toHaveURL(`${HTTPS}/admin`);
  const session = (await ctx.cookies()).find((c) => c.name.includes("authjs.session-token"))!;
  expect(session).toMatchObject({ name: "__Secure-authjs.session-token", secure: true, httpOnly: true });

  // Straight to a server with no trusted proxy, claiming https: the claim is dropped, the
  // cookie is an http one, and the sign-in works (a Secure cookie over http would be refused).
  const direct = await (await screen()).newPage();
  await direct.setExtraHTTPHeaders({ "x-forwarded-proto": "https", "x-forwarded-host": "evil.example" });
  await signIn(direct, ADMIN, DIRECT);
  await expect(direct).toHaveURL(`${DIRECT}/admin`);
  const plain = (await direct.context().cookies()).find((c) => c.name.includes("authjs.session-token"))!;
  expect(plain).toMatchObject({ name: "authjs.session-token", secure: false });
});

test("forwarded client addresses count from the trusted proxy only", async () => {
  const db = testDb();
  await db.loginThrottle.deleteMany({ where: { key: { startsWith: "ip:" } } });
  let tries = 0;
  const failAt = async (origin: string, forged?: string) => {
    const page = await (await screen()).newPage();
    if (forged) await page.setExtraHTTPHeaders({ "x-forwarded-for": forged });
    await page.goto(`${origin}/login`);
    // A fresh account name each time: earlier specs' failures lock accounts they used.
    await page.getByLabel("Email").fill(`deploy-${++tries}-${Date.now()}@e2e.test`);
    await page.getByLabel("Password").fill("wrong-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("form").getByRole("alert")).toContainText("Wrong email or password");
  };
  const keys = async () => (await db.loginThrottle.findMany({ where: { key: { startsWith: "ip:" } } })).map((r) => r.key).sort();
  try {
    // From the trusted proxy's address, its X-Forwarded-For names the client.
    await failAt(`http://127.0.0.1:${APP_PORT}`, "203.0.113.7");
    expect(await keys()).toEqual(["ip:203.0.113.7"]);
    // Through Caddy, a client's own X-Forwarded-For is replaced by the address Caddy saw.
    await failAt(HTTPS, "198.51.100.9");
    // Straight to a server that trusts no proxy, the header is ignored.
    await failAt(DIRECT, "198.51.100.10");
    expect(await keys()).toEqual(["ip:127.0.0.1", "ip:203.0.113.7"]);
  } finally {
    await db.loginThrottle.deleteMany({ where: { key: { startsWith: "ip:" } } });
    await db.$disconnect();
  }
});

test("the health route answers 200 through the proxy, and 503 while a migration is pending", async () => {
  const page = await (await screen()).newPage();
  const ok = await page.goto(`${HTTPS}/api/health`);
  expect(ok!.status()).toBe(200);
  // With ROLLCALL_INSTANCE set, it also names the instance that answered (nothing else).
  expect(await ok!.json()).toEqual({ status: "ok", database: "ok", migrations: "ok", models: "ok", instance: "deploy-app" });

  // As if this version's newest migration had not been applied (a database restored from an older
  // copy under a running new version): the route says so, and the row is put back.
  const db = testDb();
  const [newest] = await db.$queryRawUnsafe<{ id: string }[]>("SELECT id FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1");
  await db.$executeRawUnsafe("UPDATE _prisma_migrations SET rolled_back_at = finished_at WHERE id = ?", newest.id);
  try {
    const pending = await page.goto(`http://127.0.0.1:${APP_PORT}/api/health`);
    expect(pending!.status()).toBe(503);
    expect(await pending!.json()).toMatchObject({ status: "unavailable", migrations: "pending", database: "ok" });
  } finally {
    await db.$executeRawUnsafe("UPDATE _prisma_migrations SET rolled_back_at = NULL WHERE id = ?", newest.id);
    await db.$disconnect();
  }
  expect((await page.goto(`http://127.0.0.1:${APP_PORT}/api/health`))!.status()).toBe(200);
});

test("a request that fails and every background job run are logged as one JSON line each", async () => {
  const log = () =>
    fs
      .readFileSync("tests/.tmp/deploy-app.log", "utf8")
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  // The minute job: this service and the test server share one database, so each minute one of
  // them runs it (the one that claims the minute's JobRun row) and writes one line, with what it
  // did; the row keeps the same line.
  const db0 = testDb();
  const runs = await db0.jobRun.findMany({ where: { job: "close-sessions" } });
  await db0.$disconnect();
  const finished = runs.filter((r) => r.finishedAt);
  expect(finished.length).toBeGreaterThan(0);
  for (const run of finished)
    expect(JSON.parse(run.result!)).toMatchObject({ job: "close-sessions", ms: expect.any(Number), sessions: expect.any(Number) });
  // This service's lines are its runs (one may be between its line and its row's finish).
  const logged = log().filter((l) => l.event === "job" && l.job === "close-sessions");
  const ours = runs.filter((r) => r.instance === "deploy-app");
  expect(logged.length).toBeLessThanOrEqual(ours.length);
  expect(logged.length).toBeGreaterThanOrEqual(ours.filter((r) => r.finishedAt).length);
  for (const line of logged) expect(line).toMatchObject({ level: "info", ms: expect.any(Number), sessions: expect.any(Number) });
  // Matching rules corrupted in the database (by hand, or a bad restore): the Matching page fails,
  // and the failure is one line with the route, not a stack trace spread over the log.
  const db = testDb();
  const before = await db.schoolSettings.findUniqueOrThrow({ where: { id: 1 } });
  await db.schoolSettings.update({ where: { id: 1 }, data: { matchingRules: { threshold: 5 } } });
  try {
    const page = await (await screen()).newPage();
    await signIn(page, ADMIN, HTTPS);
    await expect(page).toHaveURL(`${HTTPS}/admin`);
    const res = await page.goto(`${HTTPS}/admin/matching`);
    expect(res!.status()).toBe(500);
    await expect
      .poll(() => log().find((l) => l.event === "request_error" && l.path === "/admin/matching"), { timeout: 10_000 })
      .toMatchObject({
        level: "error",
        method: "GET",
        route: "/admin/matching",
        error: { message: expect.stringContaining("Invalid matching rules") },
      });
  } finally {
    await db.schoolSettings.update({
      where: { id: 1 },
      data: { matchingRules: before.matchingRules === null ? Prisma.DbNull : before.matchingRules },
    });
    await db.$disconnect();
  }
});
