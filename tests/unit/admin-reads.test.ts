// Reads behind the admin's Today and Kiosks pages (issue 29.10): what they say must be true.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { adminDashboard } from "@/lib/data/dashboard";
import { kioskList } from "@/lib/data/kiosks";
import { roomLabel } from "@/lib/text";
import { freshDb } from "./helpers";

let ctx: Awaited<ReturnType<typeof freshDb>>;
const AT = new Date("2026-12-07T12:00:00Z");
beforeEach(async () => {
  ctx = await freshDb();
  await ctx.db.schoolSettings.create({ data: { id: 1, timeZone: "UTC" } });
});
afterEach(() => ctx.cleanup());

const meets = { meetings: { create: { weekday: 1, startMinute: 540, endMinute: 590 } } };

describe("admin reads", () => {
  it("Getting started: a kiosk in each classroom only when every class that meets has one (its own or its room's)", async () => {
    const db = ctx.db;
    const a = await db.class.create({ data: { code: "A", title: "A", room: "Room 112", ...meets } });
    await db.class.create({ data: { code: "B", title: "B", room: "Lab", ...meets } });
    await db.class.create({ data: { code: "C", title: "C", room: "Gym", ...meets } });
    await db.class.create({ data: { code: "D", title: "D" } }); // never meets: needs no kiosk
    await db.kiosk.create({ data: { name: "A door", classId: a.id, pairedAt: AT } });
    await db.kiosk.create({ data: { name: "Gym", room: "Gym" } }); // not paired yet: does not count
    let setup = (await adminDashboard(db, AT)).setup;
    expect([setup.classesWithKiosk, setup.classesMeeting]).toEqual([1, 3]);

    await db.kiosk.updateMany({ where: { name: "Gym" }, data: { pairedAt: AT } });
    await db.kiosk.create({ data: { name: "Lab", room: "Lab", pairedAt: AT } });
    setup = (await adminDashboard(db, AT)).setup;
    expect([setup.classesWithKiosk, setup.classesMeeting]).toEqual([3, 3]);
  });

  it("Kiosks: the last check-in is the last student marked through the screen, not its last contact", async () => {
    const db = ctx.db;
    const klass = await db.class.create({ data: { code: "K", title: "K" } });
    const quiet = await db.kiosk.create({
      data: { name: "Quiet", classId: klass.id, pairedAt: AT, lastSeenAt: AT, lastContactAt: AT },
    });
    const busy = await db.kiosk.create({ data: { name: "Busy", classId: klass.id, pairedAt: AT, lastSeenAt: AT, lastContactAt: AT } });
    const session = await db.classSession.create({
      data: {
        classId: klass.id,
        date: "2026-12-07",
        startsAt: new Date("2026-12-07T09:00:00Z"),
        endsAt: new Date("2026-12-07T09:50:00Z"),
        tardyAt: new Date("2026-12-07T09:10:00Z"),
      },
    });
    for (const [i, [method, minute]] of (
      [
        ["FACE", "02"],
        ["PIN", "07"],
        ["MANUAL", "30"], // a teacher's mark is no check-in of the screen's, even with its id
      ] as const
    ).entries()) {
      const s = await db.student.create({ data: { identifier: `K${i}`, givenName: "K", familyName: `${i}` } });
      await db.attendanceRecord.create({
        data: {
          sessionId: session.id,
          studentId: s.id,
          status: "PRESENT",
          method,
          kioskId: busy.id,
          markedAt: new Date(`2026-12-07T09:${minute}:00Z`),
        },
      });
    }
    const list = new Map((await kioskList(db)).map((k) => [k.id, k]));
    expect(list.get(quiet.id)!.lastCheckInAt).toBeNull();
    expect(list.get(busy.id)!.lastCheckInAt).toEqual(new Date("2026-12-07T09:07:00Z"));
  });

  it("a room's name that says Room already is not prefixed again", () => {
    expect(roomLabel("Room 112")).toBe("Room 112");
    expect(roomLabel("room 5")).toBe("room 5");
    expect(roomLabel("112")).toBe("room 112");
    expect(roomLabel("Roomy hall")).toBe("room Roomy hall");
  });
});
