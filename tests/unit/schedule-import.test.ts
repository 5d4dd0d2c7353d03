// Meeting times from a timetable CSV: weekdays in the forms timetables use, all or nothing,
// errors by line, overlaps found against the schedule and within the file, re-import adds nothing.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { importMeetings, meetingImportSummary, parseWeekdays } from "@/lib/classes/schedule-import";
import { freshDb } from "./helpers";

let ctx: Awaited<ReturnType<typeof freshDb>>;
const admin = { label: "admin@school.test" };
beforeEach(async () => {
  ctx = await freshDb();
  const math = await ctx.db.class.create({ data: { code: "MATH-7B", title: "Maths" } });
  await ctx.db.class.create({ data: { code: "ART-8B", title: "Art" } });
  await ctx.db.classMeeting.create({ data: { classId: math.id, weekday: 1, startMinute: 8 * 60, endMinute: 8 * 60 + 50 } });
});
afterEach(() => ctx.cleanup());

describe("parseWeekdays", () => {
  it("reads ranges, lists, names and numbers, and refuses anything else", () => {
    expect(parseWeekdays("Mon-Fri")).toEqual([1, 2, 3, 4, 5]);
    expect(parseWeekdays("Mon–Wed, Fri")).toEqual([1, 2, 3, 5]);
    expect(parseWeekdays("tue thu")).toEqual([2, 4]);
    expect(parseWeekdays("Monday;Friday")).toEqual([1, 5]);
    expect(parseWeekdays("1-5")).toEqual([1, 2, 3, 4, 5]);
    for (const bad of ["", "Fri-Mon", "Funday", "M", "8"]) expect(parseWeekdays(bad), bad).toBeNull();
  });
});

describe("importMeetings", () => {
  it("adds one meeting per weekday, skips what the schedule has, and adds nothing the second time", async () => {
    const csv = 'classCode,weekdays,start,end\nMATH-7B,Mon-Fri,08:00,08:50\nart-8b,"Tue,Thu",10:00,11:30\n';
    const first = await importMeetings(ctx.db, csv, admin);
    expect(first).toMatchObject({ added: 6, unchanged: 1, errors: [] });
    expect(meetingImportSummary(first)).toBe("6 meetings added; 1 was in the schedule already.");
    expect(await ctx.db.classMeeting.count()).toBe(7);
    expect(await ctx.db.auditLog.count({ where: { action: "class.meeting.add" } })).toBe(6);
    const again = await importMeetings(ctx.db, csv, admin);
    expect(again).toMatchObject({ added: 0, unchanged: 7 });
  });

  it("lists every bad row by line and writes nothing", async () => {
    const csv = [
      "classCode,weekdays,start,end",
      "MATH-7B,Mon,08:30,09:20", // overlaps Mon 08:00–08:50 in the schedule
      "NOPE,Mon,08:00,08:50",
      "ART-8B,Funday,8:00,8:50",
      "ART-8B,Wed,10:00,09:00",
      "ART-8B,Wed,25:00,26:00",
      "ART-8B,Fri,13:00,14:00",
      "ART-8B,Fri,13:30,14:30", // overlaps the row above
    ].join("\n");
    const r = await importMeetings(ctx.db, csv, admin);
    expect(r.errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 6, 8]);
    expect(r.errors[0].message).toBe("MATH-7B Mon 08:30–09:20 overlaps Mon 08:00–08:50 (the schedule).");
    expect(r.errors.at(-1)!.message).toBe("ART-8B Fri 13:30–14:30 overlaps Fri 13:00–14:00 (line 7).");
    expect(meetingImportSummary(r)).toBe("The file has 7 errors: nothing was imported.");
    expect(await ctx.db.classMeeting.count()).toBe(1);
  });

  it("refuses a file without the header, or without rows", async () => {
    expect((await importMeetings(ctx.db, "class,days\nMATH-7B,Mon", admin)).errors[0].message).toMatch(
      /^Missing columns: classCode, weekdays, start, end/,
    );
    expect((await importMeetings(ctx.db, "classCode,weekdays,start,end\n", admin)).errors[0].message).toBe(
      "The file has no meetings below its header.",
    );
    expect(await ctx.db.classMeeting.count()).toBe(1);
  });
});
