// The kiosk through network drops and server restarts (issue 16): check-ins seen while the
// server cannot be reached are kept on the screen (IndexedDB) and delivered with the time they
// were seen; a replayed event writes nothing; events too old or in the future are refused.
// Real Chromium, fake camera, real models; the kiosk API over HTTP.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { chromium, expect, test, type Browser, type BrowserContext } from "@playwright/test";
import { describeImage } from "@/lib/face/node";
import { createKiosk, KIOSK_COOKIE, pairKiosk } from "@/lib/kiosk/devices";
import { CHROMIUM, TEACHER, setServerClock, testDb } from "./fixtures";
import { signIn } from "./helpers";
import { startApp, type RunningApp } from "../support/app";
import { fakeCameraArgs } from "../support/camera";
import { enrollFixturePhotos } from "../support/enroll-fixtures";

const FACES = path.resolve("tests/fixtures/faces");
const VIDEOS = path.resolve("tests/.tmp/videos");
const CLASS_CODE = "OFF-1";
// Monday 30 November 2026 (the e2e school's time zone is UTC); OFF-1 meets Mondays 08:00–08:50, tardy after 10 minutes.
const SEEN = "2026-11-30T08:02:00Z";
const CROP = "scale=260:260,pad=640:480:(ow-iw)/2:(oh-ih)/2:color=0x808080";

test.describe.configure({ mode: "serial", timeout: 240_000 });

const browsers: Browser[] = [];
let classId = "";

/**
 * A looping camera video: 8 s of empty wall (time for the screen to load its models while the
 * server is reachable), then `photos` side by side for 4 s (each a 150×150 crop shown at 260 px),
 * with sensor noise.
 */
function video(name: string, photos: string[]): string {
  const out = path.join(VIDEOS, `offline-${name}.y4m`);
  if (fs.existsSync(out)) return out;
  fs.mkdirSync(VIDEOS, { recursive: true });
  const width = photos.length > 1 ? 1280 : 640;
  const inputs = photos.flatMap((p) => ["-loop", "1", "-t", "4", "-i", path.join(FACES, "people", p.replace(/\d$/, ""), `${p}.png`)]);
  const parts = photos.map((_, i) => `[${i}:v]${CROP},fps=10,setsar=1[v${i}]`).join(";");
  const faces =
    photos.length > 1
      ? `${photos.map((_, i) => `[v${i}]`).join("")}hstack=inputs=${photos.length},scale=1280:-2,pad=1280:480:0:(oh-ih)/2:color=0x808080`
      : "[v0]null";
  execFileSync("ffmpeg", [
    "-loglevel",
    "error",
    "-y",
    ...inputs,
    "-f",
    "lavfi",
    "-t",
    "8",
    "-i",
    `color=c=0x808080:s=${width}x480:r=10`,
    "-filter_complex",
    `${parts};${faces},setsar=1[f];[${photos.length}:v]setsar=1[g];[g][f]concat=n=2:v=1:a=0,noise=alls=5:allf=t,format=yuv420p[out]`,
    "-map",
    "[out]",
    "-r",
    "10",
    out,
  ]);
  return out;
}

/** The screen is ready to work without the server: models loaded, and cached by its service worker. */
async function readyOffline(kiosk: import("@playwright/test").Page) {
  await expect(kiosk.getByTestId("kiosk-engine")).toHaveAttribute("data-mode", "worker", { timeout: 60_000 });
  await expect(kiosk.getByTestId("kiosk-offline-ready")).toHaveAttribute("data-ready", "true", { timeout: 60_000 });
}

/** How many check-ins the screen says it holds. */
async function waiting(kiosk: import("@playwright/test").Page): Promise<number> {
  const text =
    (await kiosk
      .getByTestId("kiosk-offline")
      .textContent({ timeout: 1000 })
      .catch(() => "")) ?? "";
  return Number(/(\d+) waiting/.exec(text)?.[1] ?? 0);
}

async function camera(videoFile: string): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: fakeCameraArgs(videoFile),
  });
  browsers.push(browser);
  return browser;
}

async function pairedContext(
  browser: Browser,
  db: ReturnType<typeof testDb> | RunningApp["db"],
  baseURL: string,
  klass: string,
): Promise<BrowserContext> {
  const at = new Date(SEEN);
  const { code } = await createKiosk(db, { name: `Offline door ${browsers.length}`, classId: klass }, { label: "test" }, at);
  const { token } = (await pairKiosk(db, code, at))!;
  const ctx = await browser.newContext({ baseURL, permissions: ["camera"] });
  await ctx.addCookies([{ name: KIOSK_COOKIE, value: token, url: baseURL, httpOnly: true, sameSite: "Strict" }]);
  return ctx;
}

/** The class, with fixture people enrolled from photos 1 and 2 (the camera shows photo 3). */
async function seedClass(db: ReturnType<typeof testDb> | RunningApp["db"], people: string[], teacherId?: string): Promise<string> {
  // Other specs enrolled the same fixture people under other records: the school enrolls each person once.
  await db.student.updateMany({ where: { templates: { some: {} } }, data: { status: "ARCHIVED", archivedAt: new Date() } });
  const klass = await db.class.create({
    data: {
      code: CLASS_CODE,
      title: "Offline 1",
      tardyMinutes: 10,
      meetings: { create: { weekday: 1, startMinute: 480, endMinute: 530 } },
      ...(teacherId ? { teachers: { create: { userId: teacherId } } } : {}),
    },
  });
  for (const [i, person] of people.entries()) {
    const s = await db.student.create({
      data: {
        identifier: `OFF${i + 1}`,
        givenName: person[0].toUpperCase() + person.slice(1),
        familyName: "Off",
        consentStatus: "GRANTED",
        consentAt: new Date(),
      },
    });
    await db.enrollment.create({ data: { classId: klass.id, studentId: s.id } });
    await enrollFixturePhotos(db, s.id, person, [1, 2], { label: "test" });
  }
  return klass.id;
}

test.beforeAll(async () => {
  const db = testDb();
  const teacher = await db.user.findUniqueOrThrow({ where: { email: TEACHER.email } });
  classId = await seedClass(db, ["penny", "howard"], teacher.id);
  await db.$disconnect();
  setServerClock(SEEN);
});
test.afterEach(async () => {
  await Promise.all(browsers.splice(0).map((b) => b.close()));
});
test.afterAll(() => setServerClock(null));

test("network cut while a student is in view: saved on the screen, delivered when it returns, with the time she was seen", async ({
  page,
}, info) => {
  const base = info.project.use.baseURL!;
  const db = testDb();
  const ctx = await pairedContext(await camera(video("penny", ["penny3"])), db, base, classId);
  const kiosk = await ctx.newPage();
  await kiosk.goto("/kiosk");
  // The status call answered (the screen knows the server's clock) and the models are loaded; Penny
  // comes into view after 8 s of empty wall, when the network is gone.
  await expect(kiosk.getByTestId("kiosk-class")).toHaveText("Offline 1");
  await readyOffline(kiosk);
  await ctx.setOffline(true);
  await expect(kiosk.getByTestId("confirmation").first()).toHaveText("Saved — it will be confirmed when the connection returns", {
    timeout: 90_000,
  });
  await expect.poll(() => waiting(kiosk), { timeout: 40_000 }).toBeGreaterThanOrEqual(1);
  expect(await db.attendanceRecord.count({ where: { session: { classId } } })).toBe(0);

  // Twelve minutes later (past the tardy minute) the network returns.
  setServerClock("2026-11-30T08:14:00Z");
  await ctx.setOffline(false);
  await expect.poll(() => db.attendanceRecord.count({ where: { session: { classId } } }), { timeout: 30_000 }).toBe(1);
  const record = await db.attendanceRecord.findFirstOrThrow({ where: { session: { classId } }, include: { student: true } });
  expect(record.student.givenName).toBe("Penny");
  expect(record).toMatchObject({ method: "FACE", status: "PRESENT", receivedAt: new Date("2026-11-30T08:14:00Z") });
  expect(record.markedAt.getTime()).toBeGreaterThanOrEqual(new Date(SEEN).getTime());
  expect(record.markedAt.getTime()).toBeLessThan(new Date("2026-11-30T08:03:30Z").getTime());
  // The "saved" banner became the server's answer at once: not left up.
  await expect(kiosk.getByTestId("confirmation").filter({ hasText: "Penny O." })).toContainText(/Present · 08:0\d/, { timeout: 10_000 });
  await expect(kiosk.getByTestId("confirmation").filter({ hasText: "Saved" })).toHaveCount(0);
  await expect(kiosk.getByTestId("kiosk-offline")).toBeHidden({ timeout: 30_000 });

  // The teacher sees when it was seen and that it arrived late.
  await signIn(page, TEACHER);
  await page.goto(`/teacher/sessions/${record.sessionId}`);
  const row = page.getByRole("row").filter({ hasText: "Penny Off" });
  await expect(row).toContainText("Present");
  await expect(row.getByTestId("synced-late")).toHaveText("synced late (+12 min)");
  await db.$disconnect();
  setServerClock(SEEN);
});

test("the same event sent twice, and at the same moment from two tabs, gives one record and the first answer", async ({
  playwright,
}, info) => {
  const base = info.project.use.baseURL!;
  const db = testDb();
  const at = new Date(SEEN);
  const { code } = await createKiosk(db, { name: "Replay door", classId }, { label: "test" }, at);
  const { token } = (await pairKiosk(db, code, at))!;
  const tabs = await Promise.all(
    [0, 1].map(() => playwright.request.newContext({ baseURL: base, extraHTTPHeaders: { Cookie: `${KIOSK_COOKIE}=${token}` } })),
  );
  // Three frames, as a screen sends a face it kept offline: earlier specs enrolled Howard under
  // other (now archived) records, so his templates here are confirmed look-alikes, which the
  // server marks only when all three frames agree.
  const frames: number[][] = [];
  for (const n of [3, 4, 5]) frames.push(Array.from((await describeImage(path.join(FACES, `people/howard/howard${n}.png`)))[0].descriptor));
  const body = { faces: [{ trackId: "h", eventId: "replay-howard-0001", capturedAt: SEEN, frames }] };
  const answers = await Promise.all(tabs.map((t) => t.post("/api/kiosk/v1/check-ins", { data: body })));
  const outcomes = await Promise.all(answers.map(async (a) => (await a.json()).faces[0]));
  expect(outcomes.map((o) => o.outcome)).toEqual(["marked", "marked"]); // both get the first answer
  const again = await (await tabs[0].post("/api/kiosk/v1/check-ins", { data: body })).json();
  expect(again.faces[0]).toEqual(outcomes[0]);
  const howard = await db.student.findFirstOrThrow({ where: { identifier: "OFF2" } });
  expect(await db.attendanceRecord.count({ where: { studentId: howard.id } })).toBe(1);
  expect(await db.kioskEvent.count({ where: { eventId: "replay-howard-0001" } })).toBe(1);

  // Dated in the future, or older than the session's end plus the grace: refused with the reason.
  const refused = async (eventId: string, capturedAt: string) =>
    (await (await tabs[1].post("/api/kiosk/v1/check-ins", { data: { faces: [{ trackId: "h", eventId, capturedAt, frames }] } })).json())
      .faces[0];
  expect(await refused("replay-future-01", "2026-11-30T09:30:00Z")).toMatchObject({ outcome: "refused", reason: "in_future" });
  expect(await refused("replay-too-old-1", "2026-11-23T08:02:00Z")).toMatchObject({ outcome: "refused", reason: "too_old" }); // last Monday
  await Promise.all(tabs.map((t) => t.dispose()));
  await db.$disconnect();
});

test("server killed and the screen reloaded while three students check in, restarted later: each recorded once, with the time seen", async () => {
  // Its own app instance (the shared test server cannot be killed): same build, own data folder.
  const app = await startApp(3102);
  try {
    app.setClock(SEEN);
    const klass = await seedClass(app.db, ["amy", "raj", "sheldon"]);
    const ctx = await pairedContext(await camera(video("three", ["amy3", "raj3", "sheldon3"])), app.db, app.baseUrl, klass);
    const kiosk = await ctx.newPage();
    await kiosk.goto("/kiosk");
    await expect(kiosk.getByTestId("kiosk-class")).toHaveText("Offline 1");
    await readyOffline(kiosk);
    await app.kill9();
    const killedAt = Date.now();
    // Reloaded while the server is down: the page, its scripts and the models come from the
    // service worker's cache, and the screen starts and queues.
    await kiosk.reload();
    await expect(kiosk.getByTestId("kiosk-engine")).toHaveAttribute("data-mode", "worker", { timeout: 60_000 });
    // Each face is one event (a face lost and found again is another: delivered, it finds the record).
    await expect.poll(() => waiting(kiosk), { timeout: 90_000 }).toBeGreaterThanOrEqual(3);
    await kiosk.waitForTimeout(Math.max(0, 20_000 - (Date.now() - killedAt))); // down a while: the screen retries meanwhile
    // The server's (test) clock stands still while it is down; it says 08:08 when it is back.
    app.setClock("2026-11-30T08:08:00Z");
    await app.restart();
    await expect.poll(() => app.db.attendanceRecord.count(), { timeout: 120_000, intervals: [1000] }).toBe(3);
    await kiosk.waitForTimeout(3000); // more retries, more frames: still one record each
    const records = await app.db.attendanceRecord.findMany({ include: { student: true } });
    expect(records.map((r) => r.student.givenName).sort()).toEqual(["Amy", "Raj", "Sheldon"]);
    for (const r of records) {
      // Seen while the server was down (the screen's clock, corrected by the offset it measured
      // at 08:02), delivered at 08:08: Present (tardy from 08:10), synced late.
      expect(r).toMatchObject({ method: "FACE", status: "PRESENT", receivedAt: new Date("2026-11-30T08:08:00Z") });
      expect(r.markedAt.getTime()).toBeGreaterThanOrEqual(new Date(SEEN).getTime());
      expect(r.markedAt.getTime()).toBeLessThan(new Date("2026-11-30T08:07:00Z").getTime());
    }
    await expect(kiosk.getByTestId("kiosk-offline")).toBeHidden({ timeout: 30_000 });
  } finally {
    await app.stop();
  }
});
