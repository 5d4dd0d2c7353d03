// The school calendar (lib/calendar) and the school's own settings (lib/settings): days without
// school, entered by hand or from a CSV, all or nothing; name, zone and tardy minutes changed later.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDb } from "./helpers";
import { addClosure, closureOn, closuresFrom, importClosures, removeClosure } from "@/lib/calendar";
import { schoolSettings, updateSchoolSettings } from "@/lib/settings";
import { todaysSessions } from "@/lib/data/today";
import { adminDashboard } from "@/lib/data/dashboard";

let ctx: Awaited<ReturnType<typeof freshDb>>;
beforeAll(async () => {
  ctx = await freshDb();
});
afterAll(() => ctx.cleanup());
const admin = { label: "admin@school.test" };

describe("school calendar", () => {
  it("a day or a range, refused when it overlaps or is not a date, removed again; audited", async () => {
    expect(await addClosure(ctx.db, { startDate: "2026-11-26", endDate: "", reason: "Thanksgiving" }, admin)).toMatchObject({
      ok: true,
      message: "No school on Thu, 26 Nov 2026 (Thanksgiving).",
    });
    const winter = await addClosure(ctx.db, { startDate: "2026-12-21", endDate: "2027-01-01", reason: "Winter break" }, admin);
    expect(winter).toMatchObject({ ok: true, message: "No school on Mon, 21 Dec 2026 – Fri, 1 Jan 2027 (Winter break)." });
    expect(await addClosure(ctx.db, { startDate: "2026-12-31", reason: "New Year's Eve" }, admin)).toMatchObject({
      ok: false,
      code: "conflict",
      message: expect.stringContaining('overlap "Winter break"'),
    });
    expect(await addClosure(ctx.db, { startDate: "2026-02-30", reason: "x" }, admin)).toMatchObject({ ok: false, code: "invalid" });
    expect(await addClosure(ctx.db, { startDate: "2026-12-05", endDate: "2026-12-01", reason: "x" }, admin)).toMatchObject({
      ok: false,
      fieldErrors: { endDate: ["The last day must not be before the first."] },
    });
    expect(await addClosure(ctx.db, { startDate: "2026-12-05", reason: " " }, admin)).toMatchObject({ ok: false });
    expect(await closureOn(ctx.db, "2026-11-26")).toMatchObject({ reason: "Thanksgiving" });
    expect(await closureOn(ctx.db, "2026-12-25")).toMatchObject({ reason: "Winter break" });
    expect(await closureOn(ctx.db, "2026-11-27")).toBeNull();
    expect((await closuresFrom(ctx.db, "2026-12-01")).map((c) => c.reason)).toEqual(["Winter break"]);
    expect(await removeClosure(ctx.db, winter.data!.id, admin)).toMatchObject({ ok: true });
    expect(await removeClosure(ctx.db, winter.data!.id, admin)).toMatchObject({ ok: false, code: "not_found" });
    expect(await ctx.db.auditLog.count({ where: { action: { startsWith: "calendar.closure." } } })).toBe(3);
  });

  it("a CSV of days and ranges: all or nothing with errors by line; the same file again adds nothing", async () => {
    const file = 'date,reason\n2027-01-18,MLK Day\n2027-02-15,2027-02-19,Mid-winter break\n\n2027-04-02,"Spring, day off"\n';
    expect(await importClosures(ctx.db, file, admin)).toEqual({ added: 3, unchanged: 0, errors: [] });
    expect(await importClosures(ctx.db, file, admin)).toEqual({ added: 0, unchanged: 3, errors: [] });
    expect(await closureOn(ctx.db, "2027-02-17")).toMatchObject({ reason: "Mid-winter break" });
    const bad = "2027-05-01,May Day\n2027-05-32,Nope\n2027-02-16,Overlap\n2027-06-01,2027-05-01,Backwards\n";
    const refused = await importClosures(ctx.db, bad, admin);
    expect(refused.added).toBe(0);
    expect(refused.errors.map((e) => e.line)).toEqual([2, 3, 4]);
    expect(refused.errors[1].message).toContain('overlaps "Mid-winter break" (the calendar)');
    expect(await closureOn(ctx.db, "2027-05-01")).toBeNull(); // nothing from the file was added
    expect((await importClosures(ctx.db, "", admin)).errors).toEqual([{ line: 1, message: "The file has no days in it." }]);
  });

  it("Today says so on a day without school (admin and teacher), not 'no class in session'", async () => {
    const at = new Date("2027-01-18T15:00:00Z"); // MLK Day, imported above
    expect((await todaysSessions(ctx.db, { id: "nobody", role: "ADMIN" }, at)).noSchool).toBe("MLK Day");
    expect((await adminDashboard(ctx.db, at)).noSchool).toBe("MLK Day");
    expect((await todaysSessions(ctx.db, { id: "nobody", role: "ADMIN" }, new Date("2027-01-19T15:00:00Z"))).noSchool).toBeNull();
  });
});

describe("school settings", () => {
  it("name, time zone and default tardy minutes change after the first start; bad input writes nothing", async () => {
    expect(
      await updateSchoolSettings(
        ctx.db,
        { name: "Lincoln Middle", timeZone: "America/Chicago", timeFormat: "12h", defaultTardyMinutes: "7" },
        admin,
      ),
    ).toMatchObject({
      ok: true,
      message: "School settings saved. Meeting times are now read in America/Chicago.",
    });
    expect(await schoolSettings(ctx.db)).toMatchObject({
      name: "Lincoln Middle",
      timeZone: "America/Chicago",
      defaultTardyMinutes: 7,
      clock: { timeZone: "America/Chicago", hour12: true },
    });
    // Every time shown is written the school's way from then on.
    const { localTime, localDateTime } = await import("@/lib/dates");
    const { formatMeeting } = await import("@/lib/classes/schedule");
    const { clock } = await schoolSettings(ctx.db);
    expect(localTime(new Date("2026-12-01T21:30:00Z"), clock)).toBe("3:30 PM");
    expect(localDateTime(new Date("2026-12-01T18:05:00Z"), clock)).toBe("2026-12-01 12:05 PM");
    expect(localTime(new Date("2026-12-01T21:30:00Z"), { ...clock, hour12: false })).toBe("15:30");
    expect(formatMeeting({ weekday: 1, startMinute: 0, endMinute: 50 }, true)).toBe("Mon 12:00 AM–12:50 AM");
    const bad = await updateSchoolSettings(
      ctx.db,
      { name: "", timeZone: "Mars/Olympus", timeFormat: "13h", defaultTardyMinutes: "90" },
      admin,
    );
    expect(bad).toMatchObject({ ok: false, code: "invalid" });
    expect(Object.keys((bad as { fieldErrors: object }).fieldErrors).sort()).toEqual([
      "defaultTardyMinutes",
      "name",
      "timeFormat",
      "timeZone",
    ]);
    expect(await schoolSettings(ctx.db)).toMatchObject({ name: "Lincoln Middle", timeZone: "America/Chicago" });
    expect(await ctx.db.auditLog.findFirst({ where: { action: "settings.school" } })).toMatchObject({ actorLabel: "admin@school.test" });
  });
});

describe("the time zones offered", () => {
  it("current IANA names, not the legacy ones Intl still lists; a saved legacy name stays; the current names save", async () => {
    const { timeZoneChoices, localTime } = await import("@/lib/dates");
    // Node 20's ICU lists these zones only by their legacy names.
    const supported = ["Asia/Calcutta", "Asia/Saigon", "Europe/Kiev", "America/Chicago"];
    expect(timeZoneChoices(supported, "America/Chicago")).toEqual([
      "America/Chicago",
      "Asia/Ho_Chi_Minh",
      "Asia/Kolkata",
      "Europe/Kyiv",
      "UTC",
    ]);
    // A school saved under a legacy name keeps it selectable: saving the form changes nothing by itself.
    expect(timeZoneChoices(supported, "Asia/Calcutta")).toEqual(expect.arrayContaining(["Asia/Calcutta", "Asia/Kolkata"]));
    // The runtime's own list, mapped: every name offered is accepted by the form.
    const offered = timeZoneChoices(Intl.supportedValuesOf("timeZone"), "UTC");
    expect(offered).toEqual(expect.arrayContaining(["Asia/Kolkata", "Asia/Ho_Chi_Minh", "Europe/Kyiv"]));
    expect(offered).not.toContain("Asia/Calcutta");
    for (const timeZone of ["Asia/Kolkata", "Asia/Ho_Chi_Minh", "Europe/Kyiv"]) {
      const saved = await updateSchoolSettings(
        ctx.db,
        { name: "Lincoln Middle", timeZone, timeFormat: "24h", defaultTardyMinutes: "5" },
        admin,
      );
      expect(saved, timeZone).toMatchObject({ ok: true });
      expect((await schoolSettings(ctx.db)).timeZone).toBe(timeZone);
    }
    expect(localTime(new Date("2026-12-01T12:00:00Z"), { timeZone: "Asia/Kolkata", hour12: false })).toBe("17:30");
    await updateSchoolSettings(
      ctx.db,
      { name: "Lincoln Middle", timeZone: "America/Chicago", timeFormat: "12h", defaultTardyMinutes: "7" },
      admin,
    );
  });
});

describe("a day without school", () => {
  it("no session from the timetable, the kiosk says so, and a session a teacher opens anyway marks nobody absent", async () => {
    const { makeClass, makeKiosk, makeStudent, makeTeacher } = await import("../support/factories");
    const { currentSlot, slotsOn, openSessionNow } = await import("@/lib/attendance/session");
    const { checkIn } = await import("@/lib/attendance/checkin");
    const { closeDueSessions } = await import("@/lib/attendance/closing");
    const { frames, syntheticFace } = await import("../support/synthetic-faces");
    const { db } = ctx;
    // Settings from the test above: America/Chicago. Monday 2027-03-01 is a teacher training day.
    await importClosures(db, "2027-03-01,Teacher training day\n", admin);
    const teacher = await makeTeacher(db);
    const klass = await makeClass(db, "CAL-1", { meetings: [{ weekday: 1, start: "09:00", end: "09:50" }], teacherIds: [teacher.id] });
    await makeStudent(db, "C1", { classIds: [klass.id], face: 1 });
    await makeStudent(db, "C2", { classIds: [klass.id], face: 2 });
    const kiosk = await makeKiosk(db, klass.id, new Date("2027-03-01T14:00:00Z"));
    const during = new Date("2027-03-01T15:10:00Z"); // 09:10 in Chicago
    expect(await currentSlot(db, [klass.id], during)).toBeNull();
    expect(await slotsOn(db, [klass.id], "2027-03-01", 1)).toEqual([]);
    const answer = await checkIn(db, kiosk, { faces: [{ trackId: "t1", frames: frames(syntheticFace(1), 3, 1) }] }, during);
    expect(answer).toMatchObject({ ok: true, inSession: false, noSchool: "Teacher training day" });
    expect(await db.classSession.count()).toBe(0);
    // A week later the class meets as usual.
    expect(await currentSlot(db, [klass.id], new Date("2027-03-08T15:10:00Z"))).not.toBeNull();

    // The teacher opens a session anyway (a make-up lesson): who came is recorded, nobody is absent.
    await openSessionNow(db, klass.id, teacher.id, during, 30);
    expect(await closeDueSessions(db, new Date("2027-03-01T16:00:00Z"))).toEqual({ sessions: 1, absent: 0 });
    expect(await db.attendanceRecord.count()).toBe(0);
  });
});
