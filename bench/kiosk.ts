// Kiosk latency and responsiveness: the real kiosk page in headless Chromium with a fake camera.
// Phase 1 shows the 8 fixture people one after another (each photo 5, never enrolled), 2.5 s
// each with 2 s of empty wall between them, so every appearance is a new face; meanwhile a
// PerformanceObserver counts main-thread long tasks. Phase 2 types a PIN (without submitting)
// while faces come and go, timing each key to the next rendered frame. Phase 3 shows five of
// them in one 1280×720 frame (group photo bbt5) after 2 s of wall: the time until all five are
// confirmed. The page records, as Performance API measures (app/kiosk/use-kiosk-engine.ts), the
// model time of each described frame (in the worker), each face's first frame → its
// confirmation on screen, and the completing frame → confirmation. Phase 4 turns the class's
// head-turn check on: Sheldon faces the camera for 3 s, then turns to his left for 3 s (sheldon1,
// then sheldon4), after 2 s of wall; the side asked is fixed to left through the test clock. It
// reports the screen's part of the challenge (the turned frame → the name on screen) and the
// whole first frame → confirmation, whose extra over phase 1 is mostly the clip's 3 s of facing
// the camera before it turns. Beside them, in the same run, the model time of each detector on
// a kiosk frame in Node (wasm, one thread).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "@playwright/test";
import { describeFaces, type PipelineOptions } from "@/lib/face/pipeline";
import { decodeImage, nodeFaceNets } from "@/lib/face/node";
import type { DetectorKind } from "@/lib/face/types";
import { createKiosk, KIOSK_COOKIE, pairKiosk } from "@/lib/kiosk/devices";
import { FACES, fixtureClass, PEOPLE } from "./fixture-class";
import { quantile, round } from "./support";
import { startApp, type RunningApp } from "../tests/support/app";
import { fakeCameraArgs, FITTED, keyLatencies, stillsClip, timeKeys } from "../tests/support/camera";

const PORT = Number(process.env.BENCH_PORT ?? 3510);
const MONDAY_0805 = "2026-11-30T08:05:00Z";
const WANTED_CONFIRMATIONS = 16; // two rounds of the 8 people: "marked", then "already"
const CHROMIUM = process.env.ROLLCALL_CHROMIUM ?? (fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
const GROUP = "groups/bbt5.jpg"; // raj, penny, sheldon, leonard, howard

/** One looping video: each person's photo 5 centred on a grey 640×480 frame for 2.5 s, then 2 s of wall. */
function peopleVideo(dir: string): string {
  return stillsClip(
    path.join(dir, "people.y4m"),
    PEOPLE.flatMap((p) => [{ photo: path.join(FACES, `people/${p}/${p}5.png`), seconds: 2.5 }, { seconds: 2 }]),
  );
}

/** 2 s of wall, Sheldon facing the camera for 3 s, then turned to his left for 3 s (640×480). */
function turnVideo(dir: string): string {
  const sheldon = (n: number) => path.join(FACES, `people/sheldon/sheldon${n}.png`);
  return stillsClip(path.join(dir, "turn.y4m"), [{ seconds: 2 }, { photo: sheldon(1), seconds: 3 }, { photo: sheldon(4), seconds: 3 }]);
}

/** 2 s of wall, then the group photo for 6 s, 1280×720 (the camera's frame size on a real kiosk). */
function groupVideo(dir: string): string {
  return stillsClip(path.join(dir, "group.y4m"), [{ seconds: 2 }, { photo: path.join(FACES, GROUP), seconds: 6, place: FITTED }], {
    width: 1280,
    height: 720,
  });
}

async function kioskPage(app: RunningApp, video: string, classId: string, browsers: Browser[]): Promise<Page> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: fakeCameraArgs(video),
  });
  browsers.push(browser);
  const { code } = await createKiosk(app.db, { name: `Bench door ${browsers.length}`, classId }, { label: "bench" }, new Date(MONDAY_0805));
  const { token } = (await pairKiosk(app.db, code, new Date(MONDAY_0805)))!;
  const context = await browser.newContext({ permissions: ["camera"] });
  await context.addCookies([{ name: KIOSK_COOKIE, value: token, url: app.baseUrl, httpOnly: true, sameSite: "Strict" }]);
  const page = await context.newPage();
  // Main-thread long tasks, from the first paint on: the kiosk's promise is none over 50 ms while recognising.
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
    w.__longTasks = [];
    new PerformanceObserver((list) =>
      list.getEntries().forEach((e) => w.__longTasks.push({ start: e.startTime, duration: e.duration })),
    ).observe({
      type: "longtask",
      buffered: true,
    });
  });
  await page.goto(`${app.baseUrl}/kiosk`);
  await page
    .locator("[data-testid=kiosk-engine][data-mode=worker], [data-testid=kiosk-engine][data-mode=page]")
    .waitFor({ state: "attached", timeout: 120_000 });
  return page;
}

const measures = (page: Page, name: string) =>
  page.evaluate((n) => performance.getEntriesByName(n, "measure").map((e) => ({ start: e.startTime, duration: e.duration })), name);

/** Model time per 640×480 kiosk frame (one face, ~260 px) of each detector, with landmarks and descriptors, in Node. */
async function detectorTimes(): Promise<Record<string, number>> {
  const nets = await nodeFaceNets();
  const img = await decodeImage(path.join(FACES, `people/amy/amy5.png`));
  const { default: sharp } = await import("sharp");
  const frame = await sharp(Buffer.from(img.data), { raw: { width: img.width, height: img.height, channels: 3 } })
    .resize(260, 260)
    .extend({ top: 110, bottom: 110, left: 190, right: 190, background: { r: 128, g: 128, b: 128 } })
    .raw()
    .toBuffer();
  const rgb = { data: new Uint8Array(frame), width: 640, height: 480 };
  const out: Record<string, number> = {};
  for (const detector of ["ssd", "tiny", "blazeface"] as DetectorKind[]) {
    const opts: PipelineOptions = { detector, minScore: 0.5, padIfNoFace: false, mirror: true };
    await describeFaces(nets, rgb, opts); // warm-up
    const ms: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      await describeFaces(nets, rgb, opts);
      ms.push(performance.now() - t0);
    }
    out[`node_pipeline_ms_p50_${detector}`] = round(quantile(ms, 0.5));
  }
  return out;
}

export async function benchKiosk(): Promise<Record<string, unknown>[]> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-kiosk-bench-"));
  const app = await startApp(PORT);
  const browsers: Browser[] = [];
  try {
    const classId = await fixtureClass(app.db, "KIOSK-BENCH");
    app.setClock(MONDAY_0805);

    // Phase 1: one face at a time.
    const page = await kioskPage(app, peopleVideo(tmp), classId, browsers);
    const startedAt = await page.evaluate(() => performance.now());
    const deadline = Date.now() + 150_000;
    let confirmations = 0;
    while (Date.now() < deadline && confirmations < WANTED_CONFIRMATIONS) {
      await page.waitForTimeout(1000);
      confirmations = (await measures(page, "rollcall:frame-to-confirmation")).length;
    }
    const model = (await measures(page, "rollcall:model")).map((m) => m.duration);
    const firstFrame = (await measures(page, "rollcall:first-frame-to-confirmation")).map((m) => m.duration);
    const confirmMeasures = await measures(page, "rollcall:frame-to-confirmation");
    const confirm = confirmMeasures.map((m) => m.duration);
    const confirmEnds = confirmMeasures.map((m) => m.start + m.duration);
    const call = (await measures(page, "rollcall:check-in-call")).map((m) => m.duration);
    const engine = await page
      .locator("[data-testid=kiosk-engine]")
      .evaluate((e) => ({ mode: e.getAttribute("data-mode"), backend: e.getAttribute("data-backend") }));
    const longTasks = await page.evaluate(
      (from) => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks.filter((t) => t.start >= from),
      startedAt,
    );
    const records = await app.db.attendanceRecord.count({ where: { session: { classId } } });

    // Phase 2: typing a PIN while faces come and go (the dialog stays open; nothing is submitted).
    await page.getByRole("button", { name: "Check in with PIN" }).click();
    await timeKeys(page);
    const modelBefore = model.length;
    const keysUntil = Date.now() + 9000;
    await page.locator("#pin-identifier").focus();
    while (Date.now() < keysUntil) {
      await page.keyboard.type("1234567890", { delay: 120 });
      await page.locator("#pin-identifier").fill("");
    }
    const keys = await keyLatencies(page);
    const describedWhileTyping = (await measures(page, "rollcall:model")).length - modelBefore;
    await browsers[0].close();

    // Phase 3: five students in one frame.
    const group = await kioskPage(app, groupVideo(tmp), classId, browsers);
    let five: number[] = [];
    const groupDeadline = Date.now() + 60_000;
    while (Date.now() < groupDeadline) {
      await group.waitForTimeout(500);
      five = (await measures(group, "rollcall:first-frame-to-confirmation")).map((m) => m.duration);
      if (five.length >= 5) break;
    }
    const allFive = five.length >= 5 ? Math.max(...five.slice(0, 5)) : null;
    await browsers[1].close();

    // Phase 4: the head-turn check on.
    await app.db.class.update({ where: { id: classId }, data: { liveness: "HEAD_TURN" } });
    await app.db.attendanceRecord.deleteMany({ where: { session: { classId }, student: { givenName: "Sheldon" } } });
    app.setClock(MONDAY_0805, { livenessSide: "left" });
    const turning = await kioskPage(app, turnVideo(tmp), classId, browsers);
    let turned: number[] = [];
    const turnDeadline = Date.now() + 60_000;
    while (Date.now() < turnDeadline && turned.length < 1) {
      await turning.waitForTimeout(500);
      turned = (await measures(turning, "rollcall:turn-to-confirmation")).map((m) => m.duration);
    }
    const challengeToTurn = (await measures(turning, "rollcall:challenge-to-turn")).map((m) => m.duration);
    const withTurn = (await measures(turning, "rollcall:first-frame-to-confirmation")).map((m) => m.duration);
    const turnCalls = (await measures(turning, "rollcall:check-in-call")).map((m) => m.duration);
    const headTurnRecord = await app.db.attendanceRecord.findFirst({
      where: { session: { classId }, student: { givenName: "Sheldon" }, headTurn: true },
    });

    const detectors = await detectorTimes();
    const m50 = quantile(model, 0.5);
    const c50 = quantile(confirm, 0.5);
    const f50 = quantile(firstFrame, 0.5);
    const f95 = quantile(firstFrame, 0.95);
    const k95 = quantile(keys, 0.95);
    const maxLong = longTasks.reduce((m, t) => Math.max(m, t.duration), 0);
    return [
      {
        name: "kiosk",
        engine: engine.mode,
        backend: engine.backend,
        detector: "blazeface",
        described_frames: model.length,
        confirmations: confirm.length,
        students_marked: records,
        model_ms_p50: round(m50),
        model_ms_p95: round(quantile(model, 0.95)),
        first_frame_to_confirmation_ms_p50: round(f50),
        first_frame_to_confirmation_ms_p95: round(f95),
        frame_to_confirmation_ms_p50: round(c50),
        check_in_call_ms_p50: round(quantile(call, 0.5)),
        check_in_call_ms_p95: round(quantile(call, 0.95)),
        overhead_ms_p50: round(c50 - m50),
        overhead_without_call_ms_p50: round(c50 - m50 - quantile(call, 0.5)),
        long_tasks_over_50ms: longTasks.filter((t) => t.duration > 50).length,
        // Each long task: ms after recognition started, its length, ms to the nearest confirmation on screen.
        long_tasks: longTasks.map((t) => ({
          at: Math.round(t.start - startedAt),
          ms: Math.round(t.duration),
          from_confirmation: Math.round(Math.min(...confirmEnds.map((c) => Math.abs(c - t.start)))),
        })),
        longest_task_ms: round(maxLong),
        keys_typed: keys.length,
        faces_described_while_typing: describedWhileTyping,
        key_to_render_ms_p50: round(quantile(keys, 0.5)),
        key_to_render_ms_p95: round(k95),
        five_in_one_frame_all_confirmed_ms: allFive === null ? null : round(allFive),
        five_in_one_frame_confirmed: Math.min(5, five.length),
        head_turn: {
          marked: headTurnRecord !== null,
          turned_frame_to_confirmation_ms: turned.length ? round(turned[0]) : null,
          challenge_to_turned_frame_ms: challengeToTurn.length ? round(challengeToTurn[challengeToTurn.length - 1]) : null,
          first_frame_to_confirmation_ms: withTurn.length ? round(withTurn[0]) : null,
          calls: turnCalls.length,
          call_ms: turnCalls.map((c) => round(c)),
          clip: "2 s wall, 3 s facing the camera, 3 s turned left; side fixed to left",
        },
        ...detectors,
        targets: "first frame→confirmation p50 ≤ 500, p95 ≤ 900; no long task > 50; key→render p95 ≤ 100; five ≤ 1500; overhead ≤ 30",
        met: {
          first_frame_p50: f50 <= 500,
          first_frame_p95: f95 <= 900,
          long_tasks: maxLong <= 50,
          keys: k95 <= 100,
          five: allFive !== null && allFive <= 1500,
          overhead: c50 - m50 <= 30,
        },
      },
    ];
  } finally {
    await Promise.all(browsers.map((b) => b.close().catch(() => {})));
    await app.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
