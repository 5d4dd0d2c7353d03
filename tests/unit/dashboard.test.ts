// The admin's Today (lib/data/dashboard.ts): a class whose students check in before the bell is
// in session; and today's exceptions, each a thing someone must fix: a meeting that ended with no
// attendance, a class in session whose kiosk is offline, PIN entry paused, a student with an
// enrolled face who had to use a PIN.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { freshDb } from "./helpers";
import { makeClass, makeKiosk, makeSchool, makeStudent, makeTeacher } from "../support/factories";
import { adminDashboard } from "@/lib/data/dashboard";
import { checkIn } from "@/lib/attendance/checkin";
import { checkInWithPin, setStudentPin } from "@/lib/attendance/pin";
import { frames, syntheticFace } from "../support/synthetic-faces";

let ctx: Awaited<ReturnType<typeof freshDb>>;
beforeEach(async () => {
  ctx = await freshDb();
});
afterEach(() => ctx.cleanup());

// Monday 30 November 2026, Berlin (UTC+1). EARLY meets 08:00–08:50, LATER 10:00–10:50, GONE 07:00–07:45.
const at = (hhmm: string) => new Date(`2026-11-30T${hhmm}:00+01:00`);

describe("the admin's Today", () => {
  it("on a fresh install no getting-started step is done (no kiosk is 'in each classroom' without classes)", async () => {
    await makeSchool(ctx.db);
    const d = await adminDashboard(ctx.db, at("07:00"));
    expect(d.steps.filter((s) => s.done)).toEqual([]);
  });

  it("a session whose students checked in before the start is in session; exceptions name what went wrong", async () => {
    const db = ctx.db;
    await makeSchool(db);
    const teacher = await makeTeacher(db);
    const early = await makeClass(db, "EARLY", { meetings: [{ weekday: 1, start: "08:00", end: "08:50" }], teacherIds: [teacher.id] });
    await makeClass(db, "GONE", { meetings: [{ weekday: 1, start: "07:00", end: "07:45" }] });
    const amy = await makeStudent(db, "S1", { classIds: [early.id], face: 1 });
    const bo = await makeStudent(db, "S2", { classIds: [early.id], face: 2 });
    const kiosk = await makeKiosk(db, early.id, at("07:00"));
    // 07:55: Amy's face at the door, five minutes before the bell.
    const answer = await checkIn(db, kiosk, { faces: [{ trackId: "t", frames: frames(syntheticFace(1), 3, 1) }] }, at("07:55"));
    expect(answer).toMatchObject({ ok: true, inSession: true });
    let d = await adminDashboard(db, at("07:56"));
    expect(d.inProgress.map((i) => i.code)).toEqual(["EARLY"]);
    expect(d.exceptions.unattended.map((i) => i.code)).toEqual(["GONE"]); // ended 07:45, nobody took attendance
    expect(d.exceptions.kioskTrouble).toEqual([]); // the kiosk just called

    // 08:10: Bo's face is not recognised, so he uses his PIN; the kiosk has not called since.
    expect(await setStudentPin(db, bo.id, "4821", { label: "test" })).toEqual({ ok: true });
    expect(await checkInWithPin(db, kiosk, { identifier: "S2", pin: "4821" }, at("08:10"))).toMatchObject({ ok: true });
    for (let i = 0; i < 5; i++) await checkInWithPin(db, kiosk, { identifier: "S1", pin: "0000" }, at("08:11"));
    d = await adminDashboard(db, at("08:18"));
    expect(d.exceptions.kioskTrouble).toEqual([{ code: "EARLY", kiosk: "Door", problem: "offline" }]);
    expect(d.exceptions.lockouts.map((l) => l.student?.identifier)).toEqual(["S1"]);
    expect(d.exceptions.notRecognised).toBe(1);
    expect(amy.id).toBeTruthy();
  });
});
