// Check-in rules on a real database: which session, Present or Tardy, one record per
// student under concurrent kiosks, nothing for the wrong class, nothing revealed.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkIn } from "@/lib/attendance/checkin";
import { currentSlot } from "@/lib/attendance/session";
import { descriptorToBytes } from "@/lib/face/match";
import { FACE_MODEL_ID } from "@/lib/face/types";
import { createKiosk, kioskByToken, pairKiosk, revokeKiosk } from "@/lib/kiosk/devices";
import { freshDb } from "./helpers";
import { cameraFrame, frames, nudge, syntheticFace } from "../support/synthetic-faces";

// Made-up faces shaped like real descriptors (the kiosk refuses implausible ones); camera frames of them.
const vec = (person: number) => syntheticFace(person);
const near = (person: number, frame = 0) => cameraFrame(syntheticFace(person), frame);

let ctx: Awaited<ReturnType<typeof freshDb>>;
let kioskToken: string;
beforeEach(async () => {
  ctx = await freshDb();
  const db = ctx.db;
  await db.schoolSettings.create({ data: { id: 1, timeZone: "Europe/Berlin", defaultTardyMinutes: 10 } });
  // Monday 08:00–08:50 Berlin time.
  const klass = await db.class.create({
    data: { code: "C1", title: "Class one", meetings: { create: { weekday: 1, startMinute: 480, endMinute: 530 } } },
  });
  const other = await db.class.create({ data: { code: "C2", title: "Class two" } });
  for (const [i, name] of ["Ann", "Bob", "Cid"].entries()) {
    const s = await db.student.create({ data: { identifier: `S${i}`, givenName: name, familyName: "Zed", consentStatus: "GRANTED" } });
    await db.enrollment.create({
      data: { classId: name === "Cid" ? other.id : klass.id, studentId: s.id, endDate: name === "Bob" ? "2026-06-30" : null },
    });
    await db.faceTemplate.create({ data: { studentId: s.id, descriptor: descriptorToBytes(vec(i)), modelId: FACE_MODEL_ID } });
  }
  const { code } = await createKiosk(db, { name: "Door", classId: klass.id }, { label: "test" }, new Date("2026-11-30T06:00:00Z"));
  kioskToken = (await pairKiosk(db, code, new Date("2026-11-30T06:00:00Z")))!.token;
});
afterEach(() => ctx.cleanup());

const MONDAY_0802_BERLIN = new Date("2026-11-30T07:02:00Z"); // UTC+1 in winter
const probe = (person: number, trackId = "t1") => ({
  faces: [{ trackId, frames: frames(syntheticFace(person), 2, trackId.length + person) }],
});

describe("currentSlot", () => {
  it("reads the schedule in the school's time zone, from 10 minutes before the start, and across DST", async () => {
    const ids = [(await ctx.db.class.findUniqueOrThrow({ where: { code: "C1" } })).id];
    expect(await currentSlot(ctx.db, ids, new Date("2026-11-30T06:49:00Z"))).toBeNull(); // 07:49 local
    const slot = await currentSlot(ctx.db, ids, new Date("2026-11-30T06:52:00Z")); // 07:52 local
    expect(slot).toMatchObject({
      date: "2026-11-30",
      startsAt: new Date("2026-11-30T07:00:00Z"),
      tardyAt: new Date("2026-11-30T07:10:00Z"),
    });
    expect(await currentSlot(ctx.db, ids, new Date("2026-11-30T07:50:00Z"))).toBeNull(); // 08:50 local: over
    // Summer time (UTC+2): Monday 2026-06-29 08:05 local is 06:05 UTC.
    expect(await currentSlot(ctx.db, ids, new Date("2026-06-29T06:05:00Z"))).toMatchObject({ startsAt: new Date("2026-06-29T06:00:00Z") });
  });
});

describe("a session started by hand", () => {
  it("is the session in progress for its length, also outside the schedule", async () => {
    const c2 = await ctx.db.class.findUniqueOrThrow({ where: { code: "C2" } });
    const teacher = await ctx.db.user.create({ data: { email: "t@x.test", name: "T", role: "TEACHER", passwordHash: "!" } });
    const at = new Date("2026-12-02T13:30:20Z"); // a Wednesday, C2 has no schedule
    expect(await currentSlot(ctx.db, [c2.id], at)).toBeNull();
    const { openSessionNow } = await import("@/lib/attendance/session");
    const session = await openSessionNow(ctx.db, c2.id, teacher.id, at, 45);
    expect(session).toMatchObject({
      startsAt: new Date("2026-12-02T13:30:00Z"),
      endsAt: new Date("2026-12-02T14:15:00Z"),
      tardyAt: new Date("2026-12-02T13:40:00Z"),
      openedById: teacher.id,
    });
    expect(await currentSlot(ctx.db, [c2.id], new Date("2026-12-02T14:00:00Z"))).toMatchObject({
      classId: c2.id,
      startsAt: session.startsAt,
    });
    expect(await currentSlot(ctx.db, [c2.id], new Date("2026-12-02T14:16:00Z"))).toBeNull();
  });
});

describe("checkIn", () => {
  it("marks Present before the tardy minute and Tardy after, once per student", async () => {
    const kiosk = (await kioskByToken(ctx.db, kioskToken))!;
    const first = await checkIn(ctx.db, kiosk, probe(0), MONDAY_0802_BERLIN);
    expect(first).toEqual({
      ok: true,
      inSession: true,
      classTitle: "Class one",
      faces: [{ trackId: "t1", outcome: "marked", student: { name: "Ann Z.", status: "PRESENT", time: "08:02" } }],
    });
    const again = await checkIn(ctx.db, kiosk, probe(0), new Date("2026-11-30T07:20:00Z"));
    expect(again.ok && again.inSession && again.faces[0]).toMatchObject({
      outcome: "already",
      student: { status: "PRESENT", time: "08:02" },
    });
    expect(await ctx.db.attendanceRecord.count()).toBe(1);
    // What goes back never holds a distance, a score or an id.
    expect(JSON.stringify(first)).not.toMatch(/distance|score|margin|studentId|descriptor/i);
  });

  it("gives one record when two kiosks see the same student at the same moment", async () => {
    const kiosk = (await kioskByToken(ctx.db, kioskToken))!;
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => checkIn(ctx.db, kiosk, probe(0, `t${i}`), MONDAY_0802_BERLIN)));
    const outcomes = results.map((r) => (r.ok && r.inSession ? r.faces[0].outcome : "error")).sort();
    expect(outcomes.filter((o) => o === "marked")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "already")).toHaveLength(7);
    expect(await ctx.db.attendanceRecord.count()).toBe(1);
    expect(await ctx.db.classSession.count()).toBe(1);
  });

  it("identifies a student of another class, or one whose enrollment ended, as not on this class's list, without naming them", async () => {
    const kiosk = (await kioskByToken(ctx.db, kioskToken))!;
    for (const axis of [1, 2]) {
      const r = await checkIn(ctx.db, kiosk, { faces: [{ trackId: "t", frames: frames(vec(axis), 2) }] }, MONDAY_0802_BERLIN);
      expect(r).toEqual({ ok: true, inSession: true, classTitle: "Class one", faces: [{ trackId: "t", outcome: "not_in_class" }] });
      expect(JSON.stringify(r)).not.toMatch(/Bob|Cid|Zed|distance|studentId/);
    }
    expect(await ctx.db.attendanceRecord.count()).toBe(0);
    expect(await ctx.db.checkInAttempt.count({ where: { outcome: "NOT_IN_CLASS" } })).toBe(2);
    // A face matching nobody in the school stays unknown (three frames: two that match nobody wait for a third).
    const r = await checkIn(ctx.db, kiosk, { faces: [{ trackId: "u", frames: frames(vec(50), 3) }] }, MONDAY_0802_BERLIN);
    expect(r.ok && r.inSession && r.faces[0].outcome).toBe("unknown");
  });

  it("takes the margin against the nearest student of the whole school, not only of the class", async () => {
    // Dee (class two) looks like Ann (class one): a face between them is too close to call, even
    // though only Ann is on this class's list. A class-only gallery would have marked Ann.
    const other = await ctx.db.class.findUniqueOrThrow({ where: { code: "C2" } });
    const dee = await ctx.db.student.create({
      data: {
        identifier: "S9",
        givenName: "Dee",
        familyName: "Zed",
        consentStatus: "GRANTED",
        enrollments: { create: { classId: other.id } },
      },
    });
    const deeFace = nudge(vec(0), 0.06, 1);
    await ctx.db.faceTemplate.create({ data: { studentId: dee.id, descriptor: descriptorToBytes(deeFace), modelId: FACE_MODEL_ID } });
    const between = vec(0).map((x, i) => (x + deeFace[i]) / 2);
    const kiosk = (await kioskByToken(ctx.db, kioskToken))!;
    const r = await checkIn(ctx.db, kiosk, { faces: [{ trackId: "t", frames: frames(between, 3, 0, 0.0005) }] }, MONDAY_0802_BERLIN);
    expect(r.ok && r.inSession && r.faces[0].outcome).toBe("unknown");
    expect(await ctx.db.attendanceRecord.count()).toBe(0);
    expect(await ctx.db.checkInAttempt.count({ where: { outcome: "AMBIGUOUS" } })).toBe(1);
  });

  it("waits for a second frame, and says when no class is in session", async () => {
    const kiosk = (await kioskByToken(ctx.db, kioskToken))!;
    const one = await checkIn(ctx.db, kiosk, { faces: [{ trackId: "t", frames: [near(0)] }] }, MONDAY_0802_BERLIN);
    expect(await ctx.db.checkInAttempt.count({ where: { outcome: "PENDING" } })).toBe(1); // counted: it marked nobody
    expect(one.ok && one.inSession && one.faces[0].outcome).toBe("pending");
    expect(await checkIn(ctx.db, kiosk, probe(0), new Date("2026-11-30T12:00:00Z"))).toEqual({
      ok: true,
      inSession: false,
      faces: [],
      next: null,
    });
  });

  it("refuses malformed input and writes nothing", async () => {
    const kiosk = (await kioskByToken(ctx.db, kioskToken))!;
    const bad = [
      {},
      { faces: [] },
      { faces: [{ trackId: "t", frames: [vec(0).slice(1)] }] },
      { faces: [{ trackId: "t", frames: [[...vec(0).slice(1), NaN]] }] },
      { faces: Array.from({ length: 11 }, (_, i) => ({ trackId: `t${i}`, frames: [vec(0)] })) },
      { faces: [{ trackId: "t", frames: Array.from({ length: 6 }, () => vec(0)) }] },
      { faces: [{ trackId: "x".repeat(41), frames: [vec(0)] }] },
    ];
    for (const payload of bad) expect((await checkIn(ctx.db, kiosk, payload, MONDAY_0802_BERLIN)).ok).toBe(false);
    expect(await ctx.db.attendanceRecord.count()).toBe(0);
    expect(await ctx.db.classSession.count()).toBe(0);
  });

  it("a revoked kiosk's token no longer works", async () => {
    const kiosk = (await kioskByToken(ctx.db, kioskToken))!;
    await revokeKiosk(ctx.db, kiosk.id, { label: "test" });
    expect(await kioskByToken(ctx.db, kioskToken)).toBeNull();
    expect(await kioskByToken(ctx.db, "forged")).toBeNull();
  });
});

describe("check-ins kept offline by a kiosk (event ids, capture times)", () => {
  const event = (person: number, eventId: string, capturedAt: Date, trackId = "t1") => ({
    faces: [{ trackId, eventId, capturedAt: capturedAt.toISOString(), frames: frames(syntheticFace(person), 2, person + 3) }],
  });

  it("answers a replayed event as the first time and writes nothing new, also when two copies race", async () => {
    const kiosk = (await kioskByToken(ctx.db, kioskToken))!;
    const first = await checkIn(ctx.db, kiosk, event(0, "event-ann-0001", MONDAY_0802_BERLIN), MONDAY_0802_BERLIN);
    expect(first.ok && first.faces[0]).toMatchObject({ eventId: "event-ann-0001", outcome: "marked", student: { name: "Ann Z." } });
    const counts = () => Promise.all([ctx.db.attendanceRecord.count(), ctx.db.checkInAttempt.count(), ctx.db.kioskEvent.count()]);
    const before = await counts();
    const replay = await checkIn(ctx.db, kiosk, event(0, "event-ann-0001", MONDAY_0802_BERLIN, "t9"), new Date("2026-11-30T07:03:00Z"));
    expect(replay.ok && replay.faces[0]).toEqual({
      trackId: "t9",
      eventId: "event-ann-0001",
      outcome: "marked",
      student: { name: "Ann Z.", status: "PRESENT", time: "08:02" },
    });
    expect(await counts()).toEqual(before);
    // Another event of Ann, sent twice at the same moment (two tabs): one answer, kept once, no new record.
    const twice = await Promise.all(
      [0, 1].map(() => checkIn(ctx.db, kiosk, event(0, "event-ann-0002", MONDAY_0802_BERLIN), MONDAY_0802_BERLIN)),
    );
    expect(twice.map((r) => r.ok && r.faces[0].outcome)).toEqual(["already", "already"]);
    expect(await ctx.db.kioskEvent.count()).toBe(2);
    expect(await ctx.db.attendanceRecord.count()).toBe(1);
  });

  it("marks by when the face was seen: Present if seen before the tardy minute, delivered 12 minutes later, and says so", async () => {
    const kiosk = (await kioskByToken(ctx.db, kioskToken))!;
    const delivered = new Date("2026-11-30T07:14:00Z"); // 08:14, past the tardy minute
    const r = await checkIn(ctx.db, kiosk, event(0, "event-ann-late", MONDAY_0802_BERLIN), delivered);
    expect(r.ok && r.faces[0]).toMatchObject({ outcome: "marked", student: { status: "PRESENT", time: "08:02" } });
    const record = await ctx.db.attendanceRecord.findFirstOrThrow();
    expect(record).toMatchObject({ status: "PRESENT", markedAt: MONDAY_0802_BERLIN, receivedAt: delivered, method: "FACE" });
    const { syncedLateLabel } = await import("@/lib/attendance/statuses");
    expect(syncedLateLabel(record.markedAt, record.receivedAt)).toBe("synced late (+12 min)");
  });

  it("replaces the closing's absence with a face seen during the session and delivered after it closed", async () => {
    const kiosk = (await kioskByToken(ctx.db, kioskToken))!;
    const { closeDueSessions } = await import("@/lib/attendance/closing");
    // Somebody else checked in, so the session exists; it closes at 08:50 and Ann is marked absent.
    await checkIn(ctx.db, kiosk, { faces: [{ trackId: "x", frames: frames(vec(0), 2, 40) }] }, new Date("2026-11-30T07:01:00Z"));
    await ctx.db.attendanceRecord.deleteMany({});
    await closeDueSessions(ctx.db, new Date("2026-11-30T07:51:00Z"));
    expect(await ctx.db.attendanceRecord.findFirstOrThrow()).toMatchObject({ status: "UNEXCUSED_ABSENCE", method: "SYSTEM" });
    const r = await checkIn(ctx.db, kiosk, event(0, "event-ann-offline", MONDAY_0802_BERLIN), new Date("2026-11-30T08:30:00Z"));
    expect(r.ok && r.faces[0]).toMatchObject({ outcome: "marked", student: { status: "PRESENT" } });
    expect(await ctx.db.attendanceRecord.findFirstOrThrow()).toMatchObject({
      status: "PRESENT",
      method: "FACE",
      markedAt: MONDAY_0802_BERLIN,
    });
    expect(await ctx.db.auditLog.count({ where: { action: "attendance.synced_late" } })).toBe(1);
  });

  it("refuses events dated in the future or older than the session's end plus the grace, with a reason, writing nothing", async () => {
    const kiosk = (await kioskByToken(ctx.db, kioskToken))!;
    const future = await checkIn(ctx.db, kiosk, event(0, "event-future-01", new Date("2026-11-30T07:10:00Z")), MONDAY_0802_BERLIN);
    expect(future.ok && future.faces[0]).toMatchObject({
      outcome: "refused",
      reason: "in_future",
      message: expect.stringMatching(/clock/),
    });
    // The session ended at 08:50; the default grace is 120 minutes: 10:51 is too late.
    const old = await checkIn(ctx.db, kiosk, event(0, "event-too-old-1", MONDAY_0802_BERLIN), new Date("2026-11-30T09:51:00Z"));
    expect(old.ok && old.faces[0]).toMatchObject({ outcome: "refused", reason: "too_old" });
    const ancient = await checkIn(ctx.db, kiosk, event(0, "event-too-old-2", new Date("2026-11-23T07:02:00Z")), MONDAY_0802_BERLIN);
    expect(ancient.ok && ancient.faces[0]).toMatchObject({ outcome: "refused", reason: "too_old" });
    expect(await ctx.db.attendanceRecord.count()).toBe(0);
    expect(await ctx.db.classSession.count()).toBe(0);
    // Seen outside any session: said so, nothing marked.
    const outside = await checkIn(ctx.db, kiosk, event(0, "event-outside-1", new Date("2026-11-30T05:00:00Z")), MONDAY_0802_BERLIN);
    expect(outside.ok && outside.faces[0]).toMatchObject({ outcome: "not_in_session" });
    expect(await ctx.db.attendanceRecord.count()).toBe(0);
    // Refusals are not kept for replays (recomputed, they say the same): a kiosk sending them
    // by the thousand fills no table.
    expect(await ctx.db.kioskEvent.count()).toBe(0);
  });
});
