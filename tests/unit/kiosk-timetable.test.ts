// What a kiosk says about its room's day outside a session (lib/kiosk/timetable.ts): today's
// meetings and the next one in the school's time zone, a session its teacher closed, and the
// check-in answer and status call that carry them. Times are fixed instants (Berlin, UTC+1 in winter).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkIn } from "@/lib/attendance/checkin";
import { closeSession } from "@/lib/attendance/closing";
import { openSessionNow } from "@/lib/attendance/session";
import { createKiosk, kioskByToken, kioskClassIds, kioskStatus, pairKiosk } from "@/lib/kiosk/devices";
import { kioskDay } from "@/lib/kiosk/timetable";
import { schoolSettings } from "@/lib/settings";
import type { Kiosk } from "@/lib/generated/prisma/client";
import { freshDb } from "./helpers";
import { frames, syntheticFace } from "../support/synthetic-faces";

let ctx: Awaited<ReturnType<typeof freshDb>>;
let kiosk: Kiosk;
let mathId: string;
const berlin = (hhmm: string, date = "2026-11-30") => new Date(`${date}T${hhmm}:00+01:00`); // Monday 30 November 2026

beforeEach(async () => {
  ctx = await freshDb();
  const db = ctx.db;
  await db.schoolSettings.create({ data: { id: 1, timeZone: "Europe/Berlin", defaultTardyMinutes: 10 } });
  // Room R7 on Mondays: Math 7 15:30–16:15 and History 7 08:00–08:50; Art meets elsewhere; Latin is archived.
  mathId = (
    await db.class.create({
      data: { code: "M7", title: "Math 7", room: "R7", meetings: { create: { weekday: 1, startMinute: 930, endMinute: 975 } } },
    })
  ).id;
  await db.class.create({
    data: { code: "H7", title: "History 7", room: "R7", meetings: { create: { weekday: 1, startMinute: 480, endMinute: 530 } } },
  });
  await db.class.create({
    data: { code: "A7", title: "Art 7", room: "R9", meetings: { create: { weekday: 1, startMinute: 600, endMinute: 650 } } },
  });
  await db.class.create({
    data: {
      code: "L7",
      title: "Latin 7",
      room: "R7",
      status: "ARCHIVED",
      meetings: { create: { weekday: 1, startMinute: 700, endMinute: 750 } },
    },
  });
  const { code } = await createKiosk(db, { name: "R7 door", room: "R7" }, { label: "test" }, berlin("06:00"));
  kiosk = (await kioskByToken(db, (await pairKiosk(db, code, berlin("06:00")))!.token))!;
});
afterEach(() => ctx.cleanup());

async function day(at: Date) {
  return kioskDay(ctx.db, await kioskClassIds(ctx.db, kiosk), at, await schoolSettings(ctx.db));
}

describe("a kiosk's day", () => {
  it("lists the room's meetings today in school time, and the next one to open", async () => {
    const early = await day(berlin("07:45"));
    expect(early.timetable).toEqual([
      { classTitle: "History 7", startsAt: "08:00", endsAt: "08:50" },
      { classTitle: "Math 7", startsAt: "15:30", endsAt: "16:15" },
    ]);
    expect(early).toMatchObject({ next: { classTitle: "History 7", startsAt: "08:00", opensAt: "07:50" }, closed: false });
    // 15:17 for a 15:30 class: check-in opens at 15:20.
    expect((await day(berlin("15:17"))).next).toEqual({ classTitle: "Math 7", startsAt: "15:30", opensAt: "15:20" });
    expect((await day(berlin("16:30"))).next).toBeNull();
    // Tuesday: nothing in this room.
    expect(await day(berlin("07:45", "2026-12-01"))).toEqual({ timetable: [], next: null, closed: false, noSchool: null });
  });

  it("reads the day in the school's time zone, across the change to summer time", async () => {
    // Monday 29 June 2026 is UTC+2: 13:17 UTC is 15:17 in Berlin.
    expect((await day(new Date("2026-06-29T13:17:00Z"))).next).toEqual({ classTitle: "Math 7", startsAt: "15:30", opensAt: "15:20" });
    // 23:30 UTC on Sunday is already Monday in Berlin.
    expect((await day(new Date("2026-11-29T23:30:00Z"))).timetable).toHaveLength(2);
  });

  it("says when the session now was closed by its teacher, scheduled or started by hand", async () => {
    const teacher = await ctx.db.user.create({ data: { email: "t@example.org", name: "T", role: "TEACHER", passwordHash: "x" } });
    await ctx.db.classTeacher.create({ data: { classId: mathId, userId: teacher.id } });
    const session = await openSessionNow(ctx.db, mathId, teacher.id, berlin("15:25"), 50);
    expect((await day(berlin("15:40"))).closed).toBe(false);
    expect(await closeSession(ctx.db, { id: teacher.id, role: "TEACHER", label: "T" }, session.id, berlin("15:41"))).toMatchObject({
      ok: true,
    });
    expect(await day(berlin("15:42"))).toMatchObject({ closed: true, next: null });
    expect((await day(berlin("16:30"))).closed).toBe(false); // over: nothing closed "now"
  });
});

describe("outside a session, the kiosk is told the room's timetable", () => {
  const face = { faces: [{ trackId: "t1", frames: frames(syntheticFace(0), 2, 1) }] };

  it("in the check-in answer: the next meeting, and nothing of the roster", async () => {
    const r = await checkIn(ctx.db, kiosk, face, berlin("15:17"));
    expect(r).toEqual({ ok: true, inSession: false, faces: [], next: { classTitle: "Math 7", startsAt: "15:30", opensAt: "15:20" } });
    expect(await checkIn(ctx.db, kiosk, face, berlin("17:00"))).toEqual({ ok: true, inSession: false, faces: [], next: null });
  });

  it("in the status call: today's timetable, and the next meeting only while none is in session", async () => {
    const early = await kioskStatus(ctx.db, kiosk, berlin("07:45"));
    expect(early).toMatchObject({
      classTitle: null,
      timetable: [
        { classTitle: "History 7", startsAt: "08:00", endsAt: "08:50" },
        { classTitle: "Math 7", startsAt: "15:30", endsAt: "16:15" },
      ],
      next: { classTitle: "History 7", startsAt: "08:00", opensAt: "07:50" },
      closed: false,
    });
    expect(await kioskStatus(ctx.db, kiosk, berlin("08:05"))).toMatchObject({ classTitle: "History 7", next: null, closed: false });
  });
});
