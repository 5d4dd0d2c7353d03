// Teachers' work on a session, on a real database: corrections need a reason and land in
// the audit trail; closing marks the rest absent and stops the kiosk; "everyone else present /
// absent" is one audited batch with one undo; another teacher's
// session is out of reach; the attendance CSV has its columns and neutralises formulas.
import { parse } from "csv-parse/sync";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDueSessions, closeSession } from "@/lib/attendance/closing";
import { excuseStudents, setStatus, type Staff } from "@/lib/attendance/marks";
import { markEveryoneElse, undoBatch } from "@/lib/attendance/batch";
import { queueNotices } from "@/lib/notices/outbox";
import { sessionReview } from "@/lib/data/session-review";
import { currentSlot, sessionFor } from "@/lib/attendance/session";
import { ATTENDANCE_EXPORT_COLUMNS, attendanceExport } from "@/lib/data/exports";
import { freshDb } from "./helpers";

let ctx: Awaited<ReturnType<typeof freshDb>>;
let tess: Staff;
let otto: Staff;
let sessionId: string;
let ids: Record<string, string>;
const MONDAY_0900 = new Date("2026-11-30T09:00:00Z");
const AT = new Date("2026-11-30T09:20:00Z");

beforeEach(async () => {
  ctx = await freshDb();
  const db = ctx.db;
  await db.schoolSettings.create({ data: { id: 1, timeZone: "UTC", defaultTardyMinutes: 10 } });
  const mk = async (email: string) => ({
    ...(await db.user.create({ data: { email, name: email.split("@")[0], role: "TEACHER", passwordHash: "!" } })),
    label: email,
  });
  tess = await mk("tess@school.test");
  otto = await mk("otto@school.test");
  const klass = await db.class.create({
    data: {
      code: "SCI",
      title: "Science",
      meetings: { create: { weekday: 1, startMinute: 540, endMinute: 590 } },
      teachers: { create: { userId: tess.id } },
    },
  });
  await db.class.create({ data: { code: "ART", title: "Art", teachers: { create: { userId: otto.id } } } });
  ids = {};
  // Names chosen to test CSV escaping: a comma, a quote, and a would-be spreadsheet formula.
  for (const [i, [given, family]] of [
    ["Ann", "Able, Jr."],
    ['Bo "B"', "Baker"],
    ['=HYPERLINK("x")', "Cole"],
    ["Dee", "Dunn"],
  ].entries()) {
    const s = await db.student.create({ data: { identifier: `S${i}`, givenName: given, familyName: family } });
    ids[family] = s.id;
    await db.enrollment.create({ data: { classId: klass.id, studentId: s.id } });
  }
  const slot = (await currentSlot(db, [klass.id], AT))!;
  expect(slot.startsAt).toEqual(MONDAY_0900);
  const session = await sessionFor(db, slot);
  sessionId = session.id;
  await db.attendanceRecord.create({
    data: {
      sessionId,
      studentId: ids["Able, Jr."],
      status: "PRESENT",
      markedAt: new Date("2026-11-30T08:58:00Z"),
      method: "FACE",
      matchDistance: 0.41,
    },
  });
});
afterEach(() => ctx.cleanup());

describe("setStatus", () => {
  it("marks an unmarked student without a reason, and requires one to change a status", async () => {
    const db = ctx.db;
    expect(await setStatus(db, tess, { sessionId, studentId: ids.Baker, status: "TARDY" }, AT)).toMatchObject({ ok: true });
    const refused = await setStatus(db, tess, { sessionId, studentId: ids["Able, Jr."], status: "EXCUSED_ABSENCE" }, AT);
    expect(refused).toMatchObject({ ok: false, fieldErrors: { reason: expect.any(Array) } });
    expect((await db.attendanceRecord.findFirstOrThrow({ where: { studentId: ids["Able, Jr."] } })).status).toBe("PRESENT");

    const done = await setStatus(
      db,
      tess,
      { sessionId, studentId: ids["Able, Jr."], status: "EXCUSED_ABSENCE", reason: "Dentist, note from parent" },
      AT,
    );
    expect(done).toMatchObject({ ok: true, message: "Ann Able, Jr.: Present → Excused absence." });
    const record = await db.attendanceRecord.findFirstOrThrow({ where: { studentId: ids["Able, Jr."] } });
    expect(record).toMatchObject({ status: "EXCUSED_ABSENCE", method: "FACE", changedById: tess.id, note: "Dentist, note from parent" });
    const audit = await db.auditLog.findFirstOrThrow({ where: { targetId: record.id, action: "attendance.change" } });
    expect(audit).toMatchObject({
      actorId: tess.id,
      actorLabel: "tess@school.test",
      reason: "Dentist, note from parent",
      before: { status: "PRESENT", method: "FACE" },
      after: { status: "EXCUSED_ABSENCE" },
    });

    const review = (await sessionReview(db, tess, sessionId))!;
    const row = review.rows.find((r) => r.studentId === ids["Able, Jr."])!;
    expect(row.changes).toEqual([
      { at: expect.any(String), by: "tess", from: "PRESENT", to: "EXCUSED_ABSENCE", reason: "Dentist, note from parent" },
    ]);
    expect(review.counts).toEqual({ present: 0, tardy: 1, absent: 1, other: 0, unmarked: 2, total: 4 });
  });

  it("rejects bad input and students outside the class without writing", async () => {
    const db = ctx.db;
    const before = await db.auditLog.count();
    expect(await setStatus(db, tess, { sessionId, studentId: ids.Baker, status: "ASLEEP" }, AT)).toMatchObject({ ok: false });
    expect(await setStatus(db, tess, { sessionId, studentId: "nope", status: "PRESENT" }, AT)).toMatchObject({
      ok: false,
      message: "That student is not in this class on this date.",
    });
    expect(await setStatus(db, tess, null, AT)).toMatchObject({ ok: false });
    expect(await db.auditLog.count()).toBe(before);
  });

  it("labels face check-ins high or borderline, never with the score", async () => {
    const review = (await sessionReview(ctx.db, tess, sessionId))!;
    const row = review.rows.find((r) => r.studentId === ids["Able, Jr."])!;
    expect(row).toMatchObject({ method: "FACE", confidence: "high" });
    expect(JSON.stringify(review)).not.toMatch(/0\.41|distance/);
  });
});

describe("another teacher", () => {
  it("cannot read, change, close or export the session", async () => {
    const db = ctx.db;
    expect(await sessionReview(db, otto, sessionId)).toBeNull();
    expect(await setStatus(db, otto, { sessionId, studentId: ids.Baker, status: "PRESENT" }, AT)).toEqual({
      ok: false,
      message: "Not found.",
    });
    expect(await markEveryoneElse(db, otto, { sessionId, mark: "absent" }, AT)).toEqual({ ok: false, message: "Not found." });
    expect(await excuseStudents(db, otto, { sessionId, studentIds: [ids.Baker], note: "trip" }, AT)).toEqual({
      ok: false,
      message: "Not found.",
    });
    expect(await closeSession(db, otto, sessionId, AT)).toEqual({ ok: false, message: "Not found." });
    expect(await attendanceExport(db, otto, { from: "2026-11-30", to: "2026-11-30" }, "SCI")).toBeNull();
    expect(await attendanceExport(db, otto, { from: "2026-11-30", to: "2026-11-30" })).toBe(`${ATTENDANCE_EXPORT_COLUMNS.join(",")}\n`);
    expect(await db.attendanceRecord.count()).toBe(1);
  });
});

describe("bulk actions and closing", () => {
  it("excuses ticked students with a note, and refuses a list with a stranger in it", async () => {
    const db = ctx.db;
    expect(await excuseStudents(db, tess, { sessionId, studentIds: [ids.Baker, "someone-else"], note: "Field trip" }, AT)).toMatchObject({
      ok: false,
    });
    expect(await db.attendanceRecord.count()).toBe(1);
    expect(await excuseStudents(db, tess, { sessionId, studentIds: [ids.Baker, ids.Cole], note: "Field trip" }, AT)).toMatchObject({
      ok: true,
      data: { count: 2 },
    });
    expect(await db.attendanceRecord.count({ where: { status: "EXCUSED_ABSENCE", note: "Field trip" } })).toBe(2);
  });

  it("closes at the end of the period: the rest become Unexcused absence and the kiosk stops", async () => {
    const db = ctx.db;
    expect(await closeDueSessions(db, new Date("2026-11-30T09:49:00Z"))).toEqual({ sessions: 0, absent: 0 });
    expect(await closeDueSessions(db, new Date("2026-11-30T09:50:00Z"))).toEqual({ sessions: 1, absent: 3 });
    expect(await closeDueSessions(db, new Date("2026-11-30T09:51:00Z"))).toEqual({ sessions: 0, absent: 0 });
    const session = await db.classSession.findUniqueOrThrow({ where: { id: sessionId } });
    expect(session.status).toBe("CLOSED");
    expect(await db.attendanceRecord.count({ where: { status: "UNEXCUSED_ABSENCE", method: "SYSTEM" } })).toBe(3);
    expect(await db.auditLog.count({ where: { action: "session.close", actorLabel: "system" } })).toBe(1);
    // A late correction is still possible, with a reason, and audited.
    expect(
      await setStatus(
        db,
        tess,
        { sessionId, studentId: ids.Dunn, status: "TARDY", reason: "Came in at 09:55 with a pass" },
        new Date("2026-11-30T10:00:00Z"),
      ),
    ).toMatchObject({ ok: true });
    expect(await db.auditLog.count({ where: { action: "attendance.change", reason: "Came in at 09:55 with a pass" } })).toBe(1);
  });

  it("closed by hand early: the kiosk still finds the meeting (for latecomers) until the period's end only", async () => {
    const db = ctx.db;
    expect(await closeSession(db, tess, sessionId, AT)).toMatchObject({ ok: true, data: { absent: 3 } });
    const klass = await db.class.findUniqueOrThrow({ where: { code: "SCI" } });
    expect(await currentSlot(db, [klass.id], new Date("2026-11-30T09:30:00Z"))).toMatchObject({
      session: { id: sessionId, status: "CLOSED" },
    });
    expect(await currentSlot(db, [klass.id], new Date("2026-11-30T09:50:00Z"))).toBeNull();
  });
});

describe("everyone else present / absent", () => {
  const LATER = new Date("2026-11-30T09:30:00Z");

  it("marks only the students without a record, audited as one batch, with each record's history", async () => {
    const db = ctx.db;
    const sessions = await db.classSession.count();
    const done = await markEveryoneElse(db, tess, { sessionId, mark: "present" }, AT);
    expect(done).toMatchObject({ ok: true, message: "Marked 3 students present. You can undo this below.", data: { count: 3 } });
    // Ann's face check-in stays as it was; the three others are the teacher's marks.
    expect(await db.attendanceRecord.findFirstOrThrow({ where: { studentId: ids["Able, Jr."] } })).toMatchObject({
      status: "PRESENT",
      method: "FACE",
      note: null,
    });
    const marked = await db.attendanceRecord.findMany({ where: { method: "MANUAL" }, orderBy: { studentId: "asc" } });
    expect(marked.map((r) => r.studentId).sort()).toEqual([ids.Baker, ids.Cole, ids.Dunn].sort());
    for (const r of marked)
      expect(r).toMatchObject({ status: "PRESENT", note: "Teacher marked present", markedAt: AT, changedById: tess.id });
    const batches = await db.auditLog.findMany({ where: { action: "attendance.batch" } });
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({
      id: done.ok ? done.data!.batchId : "",
      actorId: tess.id,
      targetType: "ClassSession",
      targetId: sessionId,
      reason: "Teacher marked present",
      after: { mark: "present", status: "PRESENT" },
    });
    const named = (batches[0].after as { records: { id: string; studentId: string }[] }).records;
    expect(named.map((r) => r.studentId).sort()).toEqual([ids.Baker, ids.Cole, ids.Dunn].sort());
    expect(named.map((r) => r.id).sort()).toEqual(marked.map((r) => r.id).sort());

    const review = (await sessionReview(db, tess, sessionId))!;
    expect(review.rows.find((r) => r.studentId === ids.Cole)!.changes).toEqual([
      { at: expect.any(String), by: "tess", from: null, to: "PRESENT", reason: "Teacher marked present" },
    ]);
    expect(review.batches).toEqual([{ id: batches[0].id, mark: "present", count: 3, at: AT.toISOString(), by: "tess" }]);

    // Nobody is left: a second press changes nothing and is no batch. No session was created.
    expect(await markEveryoneElse(db, tess, { sessionId, mark: "absent" }, LATER)).toMatchObject({ ok: true, data: { count: 0 } });
    expect(await db.auditLog.count({ where: { action: "attendance.batch" } })).toBe(1);
    expect(await db.attendanceRecord.count({ where: { status: { not: "PRESENT" } } })).toBe(0);
    expect(await db.classSession.count()).toBe(sessions);
  });

  it("one undo removes exactly the batch's records; one changed since stays and the undo says so", async () => {
    const db = ctx.db;
    const done = await markEveryoneElse(db, tess, { sessionId, mark: "absent" }, AT);
    const batchId = done.ok ? done.data!.batchId! : "";
    // Bo came in late; Dee was changed and changed back: both are someone's decision since.
    await setStatus(db, tess, { sessionId, studentId: ids.Baker, status: "TARDY", reason: "Came in at 09:25" }, LATER);
    await setStatus(db, tess, { sessionId, studentId: ids.Dunn, status: "TARDY", reason: "Wrong row" }, LATER);
    await setStatus(db, tess, { sessionId, studentId: ids.Dunn, status: "UNEXCUSED_ABSENCE", reason: "Wrong row, back" }, LATER);

    expect(await undoBatch(db, tess, { sessionId, batchId })).toEqual({
      ok: true,
      message: "Undone: removed 1 mark. Left 2 records changed since.",
      data: { removed: 1, kept: 2 },
    });
    const left = await db.attendanceRecord.findMany({ select: { studentId: true, status: true } });
    expect(left.sort((a, b) => a.studentId.localeCompare(b.studentId))).toEqual(
      [
        { studentId: ids["Able, Jr."], status: "PRESENT" },
        { studentId: ids.Baker, status: "TARDY" },
        { studentId: ids.Dunn, status: "UNEXCUSED_ABSENCE" },
      ].sort((a, b) => a.studentId.localeCompare(b.studentId)),
    );
    const undo = await db.auditLog.findFirstOrThrow({ where: { action: "attendance.batch-undo" } });
    expect(undo).toMatchObject({ actorId: tess.id, targetId: sessionId, before: { batchId } });
    expect((undo.after as { removed: { studentId: string }[] }).removed.map((r) => r.studentId)).toEqual([ids.Cole]);
    expect((await sessionReview(db, tess, sessionId))!.batches).toEqual([]);
    expect(await undoBatch(db, tess, { sessionId, batchId })).toEqual({ ok: false, message: "That batch was undone already." });
    expect(await db.auditLog.count({ where: { action: "attendance.batch-undo" } })).toBe(1);
  });

  it("an untouched batch is undone whole", async () => {
    const db = ctx.db;
    const done = await markEveryoneElse(db, tess, { sessionId, mark: "present" }, AT);
    const batchId = done.ok ? done.data!.batchId! : "";
    expect(await undoBatch(db, tess, { sessionId, batchId })).toMatchObject({ ok: true, message: "Undone: removed 3 marks." });
    expect(await db.attendanceRecord.count()).toBe(1);
    expect((await sessionReview(db, tess, sessionId))!.counts).toMatchObject({ present: 1, unmarked: 3 });
  });

  it("on a closed session, absent goes the way of every absence to guardians, and the undo cancels the waiting notice", async () => {
    const db = ctx.db;
    await db.classSession.update({ where: { id: sessionId }, data: { status: "CLOSED", closedAt: new Date("2026-11-30T09:50:00Z") } });
    await db.guardian.create({
      data: { givenName: "Cara", familyName: "Parent", email: "cara@family.test", students: { create: { studentId: ids.Cole } } },
    });
    const done = await markEveryoneElse(db, tess, { sessionId, mark: "absent" }, new Date("2026-11-30T10:00:00Z"));
    expect(await queueNotices(db, new Date("2026-11-30T10:01:00Z"))).toEqual({ queued: 1 });
    expect(await db.notice.findFirstOrThrow({ where: { studentId: ids.Cole } })).toMatchObject({ status: "PENDING", kind: "ABSENCE" });

    const batchId = done.ok ? done.data!.batchId! : "";
    expect(await undoBatch(db, tess, { sessionId, batchId })).toMatchObject({ ok: true, data: { removed: 3, kept: 0 } });
    expect(await db.notice.findFirstOrThrow({ where: { studentId: ids.Cole } })).toMatchObject({
      status: "CANCELLED",
      lastError: "Nothing to report: corrected before it was sent.",
    });
  });

  it("another teacher can neither mark nor undo; bad input writes nothing", async () => {
    const db = ctx.db;
    const done = await markEveryoneElse(db, tess, { sessionId, mark: "present" }, AT);
    const batchId = done.ok ? done.data!.batchId! : "";
    const before = await db.auditLog.count();
    expect(await markEveryoneElse(db, otto, { sessionId, mark: "absent" }, AT)).toEqual({ ok: false, message: "Not found." });
    expect(await undoBatch(db, otto, { sessionId, batchId })).toEqual({ ok: false, message: "Not found." });
    expect(await undoBatch(db, tess, { sessionId, batchId: "not-a-batch" })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/no such batch/),
    });
    expect(await markEveryoneElse(db, tess, { sessionId, mark: "maybe" }, AT)).toEqual({ ok: false, message: "Choose present or absent." });
    expect(await db.auditLog.count()).toBe(before);
    expect(await db.attendanceRecord.count({ where: { status: "PRESENT" } })).toBe(4);
  });
});

describe("sessions over each other", () => {
  it("a session with some of the same students open in another class at the same time is named on the session page, not refused", async () => {
    const db = ctx.db;
    const art = await db.class.findUniqueOrThrow({ where: { code: "ART" } });
    for (const family of ["Able, Jr.", "Baker"]) await db.enrollment.create({ data: { classId: art.id, studentId: ids[family] } });
    // Otto started ART by hand at 09:15, over SCI's 09:00–09:50.
    await db.classSession.create({
      data: {
        classId: art.id,
        date: "2026-11-30",
        startsAt: new Date("2026-11-30T09:15:00Z"),
        endsAt: new Date("2026-11-30T10:05:00Z"),
        tardyAt: new Date("2026-11-30T09:25:00Z"),
        openedById: otto.id,
      },
    });
    // Another ART session later that day does not overlap.
    await db.classSession.create({
      data: {
        classId: art.id,
        date: "2026-11-30",
        startsAt: new Date("2026-11-30T11:00:00Z"),
        endsAt: new Date("2026-11-30T11:50:00Z"),
        tardyAt: new Date("2026-11-30T11:10:00Z"),
      },
    });
    expect((await sessionReview(db, tess, sessionId))!.overlapping).toEqual([{ code: "ART", title: "Art", students: 2 }]);
  });
});

describe("attendanceExport", () => {
  it("writes the Ed-Fi columns, quotes commas and quotes, and neutralises formulas", async () => {
    const db = ctx.db;
    await setStatus(db, tess, { sessionId, studentId: ids.Baker, status: "TARDY" }, AT);
    await closeSession(db, tess, sessionId, new Date("2026-11-30T09:50:00Z"));
    // The closing's absence corrected to present afterwards: still no arrival time (09:50 is when the session closed).
    await setStatus(db, tess, { sessionId, studentId: ids.Dunn, status: "PRESENT", reason: "Was on a school trip" }, AT);
    const csv = (await attendanceExport(db, tess, { from: "2026-11-30", to: "2026-11-30" }, "SCI"))!;
    expect(csv.split("\n")[0]).toBe(ATTENDANCE_EXPORT_COLUMNS.join(","));
    expect(csv).toContain('"Able, Jr."');
    expect(csv).toContain('"Bo ""B"""');
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(4);
    const by = Object.fromEntries(rows.map((r) => [r.familyName, r]));
    expect(by["Able, Jr."]).toMatchObject({
      studentUniqueId: "S0",
      sectionIdentifier: "SCI",
      eventDate: "2026-11-30",
      sessionStartTime: "09:00:00",
      attendanceEventCategoryDescriptor: "uri://ed-fi.org/AttendanceEventCategoryDescriptor#In Attendance",
      arrivalTime: "08:58:00",
      recordedBy: "face",
    });
    expect(by.Baker).toMatchObject({
      givenName: 'Bo "B"',
      attendanceEventCategoryDescriptor: "uri://ed-fi.org/AttendanceEventCategoryDescriptor#Tardy",
      arrivalTime: "", // a teacher's tap, not an arrival
      recordedBy: "teacher",
    });
    expect(by.Cole).toMatchObject({
      givenName: '\'=HYPERLINK("x")',
      attendanceEventCategoryDescriptor: "uri://ed-fi.org/AttendanceEventCategoryDescriptor#Unexcused Absence",
      arrivalTime: "",
      recordedBy: "session-close",
      attendanceEventReason: "Not checked in when the session closed",
    });
    expect(by.Dunn).toMatchObject({
      attendanceEventCategoryDescriptor: "uri://ed-fi.org/AttendanceEventCategoryDescriptor#In Attendance",
      arrivalTime: "",
      recordedBy: "session-close",
    });
    // Sorted by date, session, class, then family name.
    expect(rows.map((r) => r.familyName)).toEqual(["Able, Jr.", "Baker", "Cole", "Dunn"]);
  });
});
