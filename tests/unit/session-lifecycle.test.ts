// The session lifecycle and PINs, on a real database: a meeting becomes a session only when a
// student is marked or a teacher opens it (a stranger's face, a wrong PIN, a failed head turn or
// a late offline event that marks nobody leave no session, no absence and no notice, and are
// still counted); after an early close latecomers are Tardy "after close"; a correction brings a
// waiting guardian notice up to date at once; PINs match the student number in any case, lock
// one student (not the room), refuse trivial PINs, and are listed and resumed by staff.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkIn } from "@/lib/attendance/checkin";
import { closeDueSessions, closeSession } from "@/lib/attendance/closing";
import { setLiveness } from "@/lib/attendance/liveness";
import { setStatus, type Staff } from "@/lib/attendance/marks";
import { checkInWithPin, pinLockouts, PIN_RULES, resumePinEntry, setStudentPin } from "@/lib/attendance/pin";
import { currentSlot } from "@/lib/attendance/session";
import { recognitionHealth } from "@/lib/data/recognition";
import { sessionReview } from "@/lib/data/session-review";
import { descriptorToBytes } from "@/lib/face/match";
import { FACE_MODEL_ID } from "@/lib/face/types";
import { createKiosk, kioskByToken, pairKiosk } from "@/lib/kiosk/devices";
import type { Kiosk } from "@/lib/generated/prisma/client";
import { queueNotices, resendNotice } from "@/lib/notices/outbox";
import { freshDb } from "./helpers";
import { frames, syntheticFace } from "../support/synthetic-faces";

let ctx: Awaited<ReturnType<typeof freshDb>>;
let kiosk: Kiosk;
let tess: Staff;
let classId: string;
const ids: Record<string, string> = {};
const DATE = "2026-11-30"; // a Monday; the class meets 08:00–08:50 Berlin (07:00–07:50Z)
const STARTS = new Date("2026-11-30T07:00:00Z");
const ENDS = new Date("2026-11-30T07:50:00Z");
const utc = (hhmm: string) => new Date(`${DATE}T${hhmm}:00Z`);
const STRANGER = 9; // a face enrolled nowhere
const PINS = { Ann: "4821", Bob: "5937", Cid: "6042" };

beforeEach(async () => {
  ctx = await freshDb();
  const db = ctx.db;
  await db.schoolSettings.create({ data: { id: 1, timeZone: "Europe/Berlin", defaultTardyMinutes: 10 } });
  const user = await db.user.create({ data: { email: "tess@school.test", name: "Tess", role: "TEACHER", passwordHash: "!" } });
  tess = { id: user.id, role: "TEACHER", label: user.email };
  const klass = await db.class.create({
    data: {
      code: "C1",
      title: "Class one",
      meetings: { create: { weekday: 1, startMinute: 480, endMinute: 530 } },
      teachers: { create: { userId: user.id } },
    },
  });
  classId = klass.id;
  const other = await db.class.create({ data: { code: "C2", title: "Class two" } });
  for (const [i, name] of (["Ann", "Bob", "Cid"] as const).entries()) {
    const s = await db.student.create({
      data: { identifier: `S201${i + 2}`, givenName: name, familyName: "Zed", consentStatus: "GRANTED" },
    });
    ids[name] = s.id;
    await db.enrollment.create({ data: { classId: name === "Cid" ? other.id : klass.id, studentId: s.id } });
    await db.faceTemplate.create({ data: { studentId: s.id, descriptor: descriptorToBytes(syntheticFace(i)), modelId: FACE_MODEL_ID } });
    expect(await setStudentPin(db, s.id, PINS[name], { label: "test" })).toEqual({ ok: true });
  }
  await db.guardian.create({
    data: {
      givenName: "Gus",
      familyName: "Parent",
      email: "gus@family.test",
      students: { create: [{ studentId: ids.Ann }, { studentId: ids.Bob }] },
    },
  });
  const at = utc("06:00");
  const { code } = await createKiosk(db, { name: "Door", classId: klass.id }, { label: "test" }, at);
  kiosk = (await kioskByToken(db, (await pairKiosk(db, code, at))!.token))!;
});
afterEach(() => ctx.cleanup());

const face = (person: number, trackId: string, extra: Record<string, unknown> = {}) => ({
  trackId,
  frames: frames(syntheticFace(person), 3, trackId.length + person),
  ...extra,
});
const faceAt = async (person: number, trackId: string, at: Date, extra: Record<string, unknown> = {}) => {
  const r = await checkIn(ctx.db, kiosk, { faces: [face(person, trackId, extra)] }, at);
  if (!r.ok) throw new Error(r.message);
  return r.faces[0];
};
const pin = (identifier: string, p: string, at: Date) => checkInWithPin(ctx.db, kiosk, { identifier, pin: p }, at);
const meetingAttempts = (outcome?: "UNKNOWN" | "PIN_FAILED" | "LIVENESS_FAILED") =>
  ctx.db.checkInAttempt.count({ where: { classId, slotStartsAt: STARTS, ...(outcome ? { outcome } : {}) } });

describe("a meeting nobody attended", () => {
  it("a stranger's face, a wrong PIN and a late offline event create no session, no absence, no notice; still counted", async () => {
    expect((await faceAt(STRANGER, "t1", utc("07:02"))).outcome).toBe("unknown");
    expect(await pin("S2012", "9999", utc("07:03"))).toMatchObject({ ok: false, reason: "wrong" });
    // Seen at 08:05 local, delivered at 09:30 local (after the meeting, within the offline grace).
    const late = await faceAt(STRANGER, "t2", utc("08:30"), { eventId: "event-stranger-1", capturedAt: utc("07:05").toISOString() });
    expect(late.outcome).toBe("unknown");
    expect(await ctx.db.classSession.count()).toBe(0);

    expect(await closeDueSessions(ctx.db, utc("08:31"))).toEqual({ sessions: 0, absent: 0 });
    expect(await queueNotices(ctx.db, utc("09:00"), DATE)).toEqual({ queued: 0 });
    expect(await ctx.db.attendanceRecord.count()).toBe(0);
    expect(await ctx.db.notice.count()).toBe(0);
    // Kept with their meeting, without a session.
    expect(await meetingAttempts()).toBe(3);
    expect(await meetingAttempts("PIN_FAILED")).toBe(1);
    expect(await ctx.db.checkInAttempt.count({ where: { sessionId: { not: null } } })).toBe(0);
  });

  it("the attempts count for the session once a student's mark creates it", async () => {
    expect((await faceAt(STRANGER, "t1", utc("07:01"))).outcome).toBe("unknown");
    expect((await faceAt(STRANGER, "t22", utc("07:01"))).outcome).toBe("unknown");
    expect(await ctx.db.classSession.count()).toBe(0);
    expect(await faceAt(0, "t3", utc("07:02"))).toMatchObject({ outcome: "marked", student: { status: "PRESENT" } });
    expect(await ctx.db.classSession.count()).toBe(1);
    const [row] = await recognitionHealth(ctx.db, { from: DATE, to: DATE });
    expect(row).toMatchObject({ code: "C1", faceCheckIns: 1, unknownAttempts: 2 });
  });

  it("a head-turn challenge, failed, creates no session either", async () => {
    expect(await setLiveness(ctx.db, "HEAD_TURN", "C1", { label: "test" })).toMatchObject({ ok: true });
    const c = await faceAt(0, "t1", utc("07:02"));
    if (c.outcome !== "challenge") throw new Error(`expected a challenge, got ${c.outcome}`);
    expect(await ctx.db.classSession.count()).toBe(0);
    const failed = await checkIn(
      ctx.db,
      kiosk,
      { faces: [{ trackId: "t1", challengeId: c.challengeId, turns: [0.01, 0.02, -0.01], frames: frames(syntheticFace(0), 3, 7) }] },
      utc("07:02"),
    );
    expect(failed.ok && failed.faces[0].outcome).toBe("challenge_failed");
    expect(await ctx.db.classSession.count()).toBe(0);
    expect(await meetingAttempts("LIVENESS_FAILED")).toBe(1);
    // A passed challenge marks, and only then is there a session.
    const again = await faceAt(0, "t1", utc("07:03"));
    if (again.outcome !== "challenge") throw new Error(`expected a challenge, got ${again.outcome}`);
    const toward = again.side === "left" ? 1 : -1;
    const passed = await checkIn(
      ctx.db,
      kiosk,
      {
        faces: [
          {
            trackId: "t1",
            challengeId: again.challengeId,
            turns: [0.03, 0.2 * toward, 0.45 * toward],
            frames: frames(syntheticFace(0), 3, 8),
          },
        ],
      },
      utc("07:03"),
    );
    expect(passed.ok && passed.faces[0].outcome).toBe("marked");
    expect(await ctx.db.classSession.count()).toBe(1);
  });
});

describe("an early close", () => {
  it("takes latecomers until the period's end: Tardy after close, replacing the absence, and the notice cancelled", async () => {
    expect((await faceAt(0, "t1", utc("07:02"))).outcome).toBe("marked");
    const session = await ctx.db.classSession.findFirstOrThrow();
    // Closed at 08:41 local, nine minutes early: Bob becomes Unexcused absence.
    expect(await closeSession(ctx.db, tess, session.id, utc("07:41"))).toMatchObject({ ok: true, data: { absent: 1 } });
    await queueNotices(ctx.db, utc("07:41"), DATE);
    expect(await ctx.db.notice.findFirstOrThrow()).toMatchObject({ studentId: ids.Bob, status: "PENDING" });

    // Bob walks in at 08:42 local.
    expect(await faceAt(1, "t2", utc("07:42"))).toMatchObject({ outcome: "marked", student: { status: "TARDY", time: "08:42" } });
    expect(await ctx.db.attendanceRecord.findFirstOrThrow({ where: { studentId: ids.Bob } })).toMatchObject({
      status: "TARDY",
      method: "FACE",
      markedAt: utc("07:42"),
      note: null, // not the closing's "Not checked in when the session closed"
    });
    expect(await ctx.db.auditLog.count({ where: { action: "attendance.after_close" } })).toBe(1);
    expect(await ctx.db.notice.findFirstOrThrow()).toMatchObject({
      status: "CANCELLED",
      lastError: "Nothing to report: corrected before it was sent.",
    });
    const review = (await sessionReview(ctx.db, tess, session.id))!;
    expect(review.rows.find((r) => r.studentId === ids.Bob)).toMatchObject({ status: "TARDY", method: "FACE", afterClose: true });
    expect(review.rows.find((r) => r.studentId === ids.Ann)).toMatchObject({ afterClose: false });
    // Until the period's end, not after.
    expect(await currentSlot(ctx.db, [classId], utc("07:49"))).toMatchObject({ startsAt: STARTS });
    expect(await currentSlot(ctx.db, [classId], ENDS)).toBeNull();
    expect(await closeDueSessions(ctx.db, utc("07:51"))).toEqual({ sessions: 0, absent: 0 });
  });
});

describe("an absence a teacher recorded", () => {
  it("stands: the student at the kiosk is told to see the teacher (attendance closed, once closed), never 'already checked in'", async () => {
    expect((await faceAt(0, "t1", utc("07:02"))).outcome).toBe("marked");
    const session = await ctx.db.classSession.findFirstOrThrow();
    // Bob left for the dentist: his teacher records an excused absence at 08:20 local.
    const excuse = { sessionId: session.id, studentId: ids.Bob, status: "EXCUSED_ABSENCE" as const, reason: "Dentist" };
    expect(await setStatus(ctx.db, tess, excuse, utc("07:20"))).toMatchObject({ ok: true });
    expect(await faceAt(1, "t2", utc("07:30"))).toMatchObject({ outcome: "see_teacher", closed: false, student: { name: "Bob Z." } });
    expect(await closeSession(ctx.db, tess, session.id, utc("07:41"))).toMatchObject({ ok: true, data: { absent: 0 } });
    // Back at 08:45 local, after the early close: by face or by PIN, the record stands.
    expect(await faceAt(1, "t3", utc("07:45"))).toMatchObject({ outcome: "see_teacher", closed: true });
    expect(await pin("S2013", PINS.Bob, utc("07:46"))).toMatchObject({ ok: true, outcome: "see_teacher", closed: true });
    expect(await ctx.db.attendanceRecord.findFirstOrThrow({ where: { studentId: ids.Bob } })).toMatchObject({
      status: "EXCUSED_ABSENCE",
      method: "MANUAL",
    });
    // A student the kiosk marked is still told "already".
    expect(await faceAt(0, "t4", utc("07:47"))).toMatchObject({ outcome: "already", student: { status: "PRESENT" } });
  });
});

describe("a teacher's correction", () => {
  it("brings the waiting notice up to date at once: cancelled when nothing remains to report", async () => {
    expect((await faceAt(0, "t1", utc("07:02"))).outcome).toBe("marked");
    expect(await closeDueSessions(ctx.db, utc("07:51"))).toEqual({ sessions: 1, absent: 1 });
    await queueNotices(ctx.db, utc("07:52"), DATE);
    const waiting = await ctx.db.notice.findFirstOrThrow();
    expect(waiting).toMatchObject({
      studentId: ids.Bob,
      status: "PENDING",
      absences: [expect.objectContaining({ status: "Unexcused absence" })],
    });
    const record = await ctx.db.attendanceRecord.findFirstOrThrow({ where: { studentId: ids.Bob } });
    expect(
      await setStatus(
        ctx.db,
        tess,
        { sessionId: record.sessionId, studentId: ids.Bob, status: "PRESENT", reason: "Was there" },
        utc("07:55"),
      ),
    ).toMatchObject({ ok: true });
    expect(await ctx.db.notice.findUniqueOrThrow({ where: { id: waiting.id } })).toMatchObject({
      status: "CANCELLED",
      lastError: "Nothing to report: corrected before it was sent.",
    });
    expect(await ctx.db.auditLog.count({ where: { action: "notice.cancel", targetId: waiting.id } })).toBe(1);
    // Resending it would only cancel it again: refused, with the reason.
    expect(await resendNotice(ctx.db, waiting.id, { label: "admin" }, utc("07:56"))).toEqual({
      nothing: "Nothing to report: corrected before it was sent.",
    });
    expect(await ctx.db.notice.findUniqueOrThrow({ where: { id: waiting.id } })).toMatchObject({ status: "CANCELLED" });
  });
});

describe("PINs", () => {
  it("match the student number whatever its case and spaces", async () => {
    expect(await pin("  s2012 ", PINS.Ann, utc("07:02"))).toMatchObject({ ok: true, outcome: "marked", student: { name: "Ann Z." } });
    expect(await pin("s 2013", PINS.Bob, utc("07:03"))).toMatchObject({ ok: true, outcome: "marked", student: { name: "Bob Z." } });
  });

  it("lock one student after 5 wrong PINs, not the room; the lockout is listed and resumed", async () => {
    for (let i = 0; i < PIN_RULES.maxFailures; i++)
      expect(await pin("S2012", `70${i}9`, utc(`07:0${i}`))).toMatchObject({ ok: false, reason: "wrong" });
    expect(await pin("S2012", PINS.Ann, utc("07:06"))).toMatchObject({ ok: false, reason: "locked" });
    // Bob is not locked out by Ann's failures.
    expect(await pin("S2013", PINS.Bob, utc("07:06"))).toMatchObject({ ok: true, outcome: "marked" });
    expect(await pinLockouts(ctx.db, utc("07:06"))).toEqual([
      { student: { id: ids.Ann, name: "Ann Zed", identifier: "S2012" }, kiosk: { id: kiosk.id, name: "Door" }, until: utc("07:10") },
    ]);
    expect(
      await resumePinEntry(ctx.db, { studentId: ids.Ann }, { label: "tess@school.test", userId: tess.id }, utc("07:07")),
    ).toMatchObject({
      ok: true,
    });
    expect(await ctx.db.auditLog.count({ where: { action: "pin.resume", targetId: ids.Ann } })).toBe(1);
    expect(await pinLockouts(ctx.db, utc("07:07"))).toEqual([]);
    expect(await pin("S2012", PINS.Ann, utc("07:07"))).toMatchObject({ ok: true, outcome: "marked" });
    expect(await resumePinEntry(ctx.db, { studentId: "" }, { label: "t" }, utc("07:08"))).toMatchObject({ ok: false });
  });

  it("answer a student of another class 'not on this class's list', never counting it as a failure", async () => {
    for (let i = 0; i < PIN_RULES.maxFailures + 2; i++)
      expect(await pin("S2014", PINS.Cid, utc("07:02"))).toMatchObject({
        ok: false,
        reason: "not_in_class",
        message: expect.stringMatching(/not on this class's list/),
      });
    expect(await ctx.db.checkInAttempt.count({ where: { outcome: "PIN_FAILED" } })).toBe(0);
    expect(await ctx.db.attendanceRecord.count()).toBe(0);
    expect(await ctx.db.classSession.count()).toBe(0);
  });

  it("pause the whole screen only past a class-sized ceiling of wrong PINs", async () => {
    const tries = await Promise.all(Array.from({ length: PIN_RULES.kioskMaxFailures }, (_, i) => pin(`X${i}`, "5555", utc("07:02"))));
    expect(tries.every((r) => !r.ok && r.reason === "wrong")).toBe(true);
    expect(await pin("S2013", PINS.Bob, utc("07:03"))).toMatchObject({
      ok: false,
      reason: "locked",
      message: expect.stringMatching(/this screen/),
    });
    expect(await pinLockouts(ctx.db, utc("07:03"))).toEqual([
      expect.objectContaining({ student: null, kiosk: { id: kiosk.id, name: "Door" } }),
    ]);
    expect(await resumePinEntry(ctx.db, { kioskId: kiosk.id }, { label: "admin" }, utc("07:04"))).toMatchObject({ ok: true });
    expect(await pin("S2013", PINS.Bob, utc("07:04"))).toMatchObject({ ok: true, outcome: "marked" });
  });

  it("refuse trivial PINs when set, with a clear message, writing nothing", async () => {
    for (const trivial of ["1234", "0000", "7777", "4321", "98765", "0123", "12345678"]) {
      const r = await setStudentPin(ctx.db, ids.Ann, trivial, { label: "test" });
      expect(r).toEqual({ ok: false, message: expect.stringMatching(/hard to guess/) });
    }
    expect(await ctx.db.auditLog.count({ where: { action: "student.pin.set", targetId: ids.Ann } })).toBe(1); // the beforeEach's
    expect(await setStudentPin(ctx.db, ids.Ann, "1243", { label: "test" })).toEqual({ ok: true });
  });
});
