// Recognition health's probable false rejects (issue 29.10): a roll call after one unknown face
// is not nine false rejects. Real database, hand-counted figures.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { recognitionHealth } from "@/lib/data/recognition";
import { descriptorToBytes } from "@/lib/face/match";
import { FACE_MODEL_ID } from "@/lib/face/types";
import type { AttemptOutcome, CheckInMethod } from "@/lib/generated/prisma/enums";
import { syntheticFace } from "../support/synthetic-faces";
import { freshDb } from "./helpers";

let ctx: Awaited<ReturnType<typeof freshDb>>;
beforeEach(async () => {
  ctx = await freshDb();
});
afterEach(() => ctx.cleanup());

describe("recognition health", () => {
  it("probable false rejects: students with a face marked by PIN or by hand, at most one per unknown or ambiguous face", async () => {
    const db = ctx.db;
    const klass = await db.class.create({ data: { code: "RH", title: "Health" } });
    const kiosk = await db.kiosk.create({ data: { name: "RH screen", classId: klass.id } });
    const students: { id: string }[] = [];
    for (let i = 0; i < 10; i++) {
      const s = await db.student.create({
        data: { identifier: `R${i}`, givenName: "R", familyName: `${i}`, consentStatus: "GRANTED" },
      });
      // R9 has no enrolled face: a hand mark for them is never a false reject.
      if (i < 9)
        await db.faceTemplate.create({
          data: { studentId: s.id, descriptor: descriptorToBytes(syntheticFace(i)), modelId: FACE_MODEL_ID },
        });
      students.push(s);
    }
    const session = async (day: string, marks: CheckInMethod[], attempts: AttemptOutcome[]) => {
      const s = await db.classSession.create({
        data: {
          classId: klass.id,
          date: day,
          startsAt: new Date(`${day}T09:00:00Z`),
          endsAt: new Date(`${day}T09:50:00Z`),
          tardyAt: new Date(`${day}T09:10:00Z`),
        },
      });
      for (const [i, method] of marks.entries())
        await db.attendanceRecord.create({
          data: { sessionId: s.id, studentId: students[i].id, status: "PRESENT", method, markedAt: new Date(`${day}T09:05:00Z`) },
        });
      for (const outcome of attempts)
        await db.checkInAttempt.create({
          data: { kioskId: kiosk.id, sessionId: s.id, classId: s.classId, slotStartsAt: s.startsAt, outcome },
        });
    };
    // Monday: 2 faces stood, 7 marked by the teacher's roll call, one unknown face: 1 probable false reject (not 7).
    await session("2026-11-02", ["FACE", "FACE", ...Array<CheckInMethod>(7).fill("MANUAL")], ["UNKNOWN"]);
    // Tuesday: 8 faces, 1 PIN; 2 ambiguous attempts and 1 not on the list (not a reject): 1 (only one student to blame).
    await session("2026-11-03", [...Array<CheckInMethod>(8).fill("FACE"), "PIN"], ["AMBIGUOUS", "AMBIGUOUS", "NOT_IN_CLASS"]);
    // Wednesday: roll call for all ten, nothing unrecognised at the kiosk: no false reject.
    await session("2026-11-04", Array<CheckInMethod>(10).fill("MANUAL"), []);

    const [row] = await recognitionHealth(db, { from: "2026-11-02", to: "2026-11-04" });
    expect(row.faceCheckIns).toBe(10);
    expect(row.unknownAttempts).toBe(3);
    expect(row.falseRejects).toBe(2);
    expect(row.falseRejectRate).toBeCloseTo(2 / 12);
  });
});
