// The head-turn challenge: the rule on sequences of frames, the server's flow on a real database
// (challenge instead of a mark, the answer judged against the student's own templates), and the
// kiosk tracker collecting an answer. The browser flow with real models is in kiosk-liveness.spec.ts.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkIn } from "@/lib/attendance/checkin";
import { setLiveness } from "@/lib/attendance/liveness";
import { judgeHeadTurn, signedHeadTurn } from "@/lib/face/liveness";
import { descriptorToBytes } from "@/lib/face/match";
import { FACE_MODEL_ID } from "@/lib/face/types";
import { createKiosk, kioskByToken, pairKiosk } from "@/lib/kiosk/devices";
import { FaceTracker } from "@/lib/kiosk/tracker";
import type { FaceAnswer } from "@/lib/kiosk/protocol";
import { freshDb } from "./helpers";
import { frames, syntheticFace } from "../support/synthetic-faces";

describe("the head-turn rule", () => {
  const same = (turns: number[]) => turns.map((turn) => ({ turn, distance: 0.2 }));
  it("passes frontal, then turned to the asked side; fails a photo, the other side first, or another person", () => {
    expect(judgeHeadTurn("left", same([0.02, 0.18, 0.41]), 0.5)).toEqual({ ok: true });
    expect(judgeHeadTurn("right", same([-0.05, -0.2, -0.5]), 0.5)).toEqual({ ok: true });
    // A photo moved, scaled, rotated in the image plane: the nose stays between the jaw points.
    expect(judgeHeadTurn("left", same([0.01, -0.03, 0.04, 0.02, -0.01]), 0.5)).toMatchObject({ ok: false, reason: "no_turn" });
    expect(judgeHeadTurn("left", same([0.0, -0.45, 0.5]), 0.5)).toMatchObject({ ok: false, reason: "other_side" });
    expect(judgeHeadTurn("left", same([0.4, 0.5]), 0.5)).toMatchObject({ ok: false, reason: "not_frontal" });
    expect(
      judgeHeadTurn(
        "left",
        [
          { turn: 0, distance: 0.2 },
          { turn: 0.5, distance: 0.8 },
        ],
        0.5,
      ),
    ).toMatchObject({ ok: false, reason: "other_person" });
    // The recognition threshold for a frontal frame (0.52 from the student is someone else), and
    // a turned frame within 0.05 more: it follows the school's threshold, tightened or not.
    const seq = (frontal: number, turned: number) => [
      { turn: 0, distance: frontal },
      { turn: 0.4, distance: turned },
    ];
    expect(judgeHeadTurn("left", seq(0.52, 0.4), 0.5)).toMatchObject({ ok: false, reason: "other_person" });
    expect(judgeHeadTurn("left", seq(0.3, 0.54), 0.5)).toEqual({ ok: true });
    expect(judgeHeadTurn("left", seq(0.3, 0.54), 0.45)).toMatchObject({ ok: false, reason: "other_person" });
    expect(judgeHeadTurn("left", [], 0.5)).toMatchObject({ ok: false, reason: "no_frames" });
  });

  it("measures the turn from the nose between the jaw's outer points, positive to the student's left", () => {
    const points = Array.from({ length: 68 }, () => ({ x: 50, y: 50 }));
    points[0] = { x: 0, y: 50 };
    points[16] = { x: 100, y: 50 };
    points[30] = { x: 50, y: 50 };
    expect(signedHeadTurn(points)).toBe(0);
    points[30] = { x: 75, y: 50 }; // the nose toward the image's right: the student's left
    expect(signedHeadTurn(points)).toBe(0.5);
    points[30] = { x: 20, y: 50 };
    expect(signedHeadTurn(points)).toBeCloseTo(-0.6);
  });
});

describe("a class with the head-turn check", () => {
  let ctx: Awaited<ReturnType<typeof freshDb>>;
  let token: string;
  const AT = new Date("2026-11-30T07:02:00Z"); // Monday 08:02 Berlin
  beforeEach(async () => {
    ctx = await freshDb();
    const db = ctx.db;
    await db.schoolSettings.create({ data: { id: 1, timeZone: "Europe/Berlin" } });
    const klass = await db.class.create({
      data: { code: "C1", title: "Class one", meetings: { create: { weekday: 1, startMinute: 480, endMinute: 530 } } },
    });
    for (const [i, name] of ["Ann", "Bob"].entries()) {
      const s = await db.student.create({
        data: { id: `s${i}`, identifier: `S${i}`, givenName: name, familyName: "Zed", consentStatus: "GRANTED" },
      });
      await db.enrollment.create({ data: { classId: klass.id, studentId: s.id } });
      await db.faceTemplate.create({ data: { studentId: s.id, descriptor: descriptorToBytes(syntheticFace(i)), modelId: FACE_MODEL_ID } });
    }
    const { code } = await createKiosk(db, { name: "Door", classId: klass.id }, { label: "test" }, AT);
    token = (await pairKiosk(db, code, AT))!.token;
    expect(await setLiveness(db, "HEAD_TURN", "C1", { label: "test" })).toEqual({ ok: true, message: "Liveness check for C1: head turn" });
  });
  afterEach(() => ctx.cleanup());

  const call = async (faces: unknown[], at = AT) => {
    const kiosk = (await kioskByToken(ctx.db, token))!;
    const r = await checkIn(ctx.db, kiosk, { faces }, at);
    if (!r.ok) throw new Error(r.message);
    return r.faces[0] as FaceAnswer;
  };
  const challenged = async (person = 0) => {
    const answer = await call([{ trackId: "t1", frames: frames(syntheticFace(person), 2, 3) }]);
    if (answer.outcome !== "challenge") throw new Error(`expected a challenge, got ${answer.outcome}`);
    return answer;
  };
  const answerWith = (challengeId: string, person: number[], turns: number[]) =>
    call([{ trackId: "t1", challengeId, turns, frames: person.map((p, k) => frames(syntheticFace(p), 1, 10 + k)[0]) }]);

  it("asks a recognised face to turn, names nobody and marks nobody until it does", async () => {
    const c = await challenged();
    expect(Object.keys(c).sort()).toEqual(["challengeId", "expiresInMs", "outcome", "side", "trackId"]);
    expect(await ctx.db.attendanceRecord.count()).toBe(0);
    const toward = c.side === "left" ? 1 : -1;
    const passed = await answerWith(c.challengeId, [0, 0, 0], [0.03, 0.2 * toward, 0.45 * toward]);
    expect(passed).toMatchObject({ outcome: "marked", student: { name: "Ann Z." } });
    const record = await ctx.db.attendanceRecord.findFirstOrThrow();
    expect(record).toMatchObject({ studentId: "s0", method: "FACE", headTurn: true, status: "PRESENT" });
  });

  it("marks nobody for a photo, the wrong side first, a swapped person, or an answer used twice; counts each", async () => {
    let c = await challenged();
    let toward = c.side === "left" ? 1 : -1;
    expect(await answerWith(c.challengeId, [0, 0, 0, 0], [0.01, -0.02, 0.03, 0.0])).toMatchObject({
      outcome: "challenge_failed",
      message: "Not confirmed, please try again or see your teacher.",
    });
    // The same answer again: the challenge was used up.
    expect(await answerWith(c.challengeId, [0, 0, 0], [0.03, 0.2 * toward, 0.45 * toward])).toMatchObject({ outcome: "challenge_failed" });
    c = await challenged();
    toward = c.side === "left" ? 1 : -1;
    expect(await answerWith(c.challengeId, [0, 0, 0], [0.0, -0.4 * toward, 0.5 * toward])).toMatchObject({ outcome: "challenge_failed" });
    // Ann's face first, then Bob's turned: one track cannot jump between people (the plausibility
    // check refuses it before the challenge is judged; the rule's own check is tested above).
    c = await challenged();
    toward = c.side === "left" ? 1 : -1;
    expect((await answerWith(c.challengeId, [0, 1, 1], [0.0, 0.2 * toward, 0.5 * toward])).outcome).not.toBe("marked");
    expect(await ctx.db.attendanceRecord.count()).toBe(0);
    expect(await ctx.db.checkInAttempt.count({ where: { outcome: "LIVENESS_FAILED" } })).toBe(3);
    expect(await ctx.db.checkInAttempt.count({ where: { outcome: "IMPLAUSIBLE" } })).toBe(1);
  });

  it("refuses a face kept offline (a challenge needs the screen live), and marks at once with the check off", async () => {
    const late = await call(
      [{ trackId: "t9", eventId: "offline-event-1", capturedAt: AT.toISOString(), frames: frames(syntheticFace(0), 5, 4) }],
      new Date(AT.getTime() + 5 * 60_000),
    );
    expect(late).toMatchObject({ outcome: "refused", reason: "liveness_required" });
    expect(await setLiveness(ctx.db, null, "C1", { label: "test" })).toEqual({
      ok: true,
      message: "Liveness check for C1: off (the school default)",
    });
    expect(await call([{ trackId: "t2", frames: frames(syntheticFace(1), 2, 5) }])).toMatchObject({ outcome: "marked" });
    expect(await ctx.db.attendanceRecord.findFirstOrThrow()).toMatchObject({ studentId: "s1", headTurn: false });
  });
});

describe("the kiosk tracker answering a challenge", () => {
  it("describes the face afresh and is ready once the head has turned, or at the deadline", () => {
    const tracker = new FaceTracker();
    const box = { x: 100, y: 100, width: 120, height: 120 };
    const [t] = tracker.update([box], 0);
    tracker.addFrame(t, [0], 0);
    tracker.addFrame(t, [0], 0);
    expect(tracker.takeReady(10)).toHaveLength(1);
    tracker.resolve(t.id, "challenge", 20, { id: "c".repeat(24), side: "left", deadline: 5000 });
    expect(t).toMatchObject({ state: "collecting", frames: [], turns: [] });
    for (const [k, turn] of [0.02, 0.1, 0.2].entries()) {
      tracker.update([box], 100 + k * 100);
      tracker.addFrame(t, [k], turn);
    }
    expect(tracker.takeReady(400)).toHaveLength(0); // not turned yet
    tracker.update([box], 500);
    tracker.addFrame(t, [9], 0.4);
    expect(tracker.takeReady(500).map((x) => x.turns)).toEqual([[0.02, 0.1, 0.2, 0.4]]);
    // Another face that never turns is sent at its deadline, so the screen can say so.
    const [u] = tracker.update([{ ...box, x: 400 }], 600);
    tracker.resolve(u.id, "challenge", 600, { id: "d".repeat(24), side: "right", deadline: 2000 });
    tracker.addFrame(u, [1], 0.01);
    expect(tracker.takeReady(1500)).toHaveLength(0);
    expect(tracker.takeReady(2000)).toHaveLength(1);
  });
});
