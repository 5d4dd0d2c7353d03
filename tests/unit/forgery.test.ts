// Made-up descriptors at a kiosk (issue: hardening, forged descriptors): real faces pass the
// plausibility check, averages of strangers' descriptors mark nobody and raise the probing alarm,
// which pauses face check-in on that kiosk until an admin resumes it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkIn, PROBE_ALARM } from "@/lib/attendance/checkin";
import { descriptorToBytes } from "@/lib/face/match";
import { implausibleDescriptor, implausibleTrack } from "@/lib/face/plausibility";
import { FACE_MODEL_ID } from "@/lib/face/types";
import { createKiosk, kioskByToken, pairKiosk, resumeRecognition } from "@/lib/kiosk/devices";
import { cameraFrame, frames, syntheticFace } from "../support/synthetic-faces";
import { describeDir, describePeople, manifest, type Described } from "./face-fixtures";
import { freshDb } from "./helpers";

let people: Described[];
let strangers: number[][];
let groupFaces: number[][];
beforeAll(async () => {
  people = await describePeople();
  strangers = (await describeDir("strangers", manifest.strangers)).flatMap((s) => s.faces.map((f) => Array.from(f.descriptor)));
  groupFaces = (await describeDir("groups", Object.keys(manifest.groups))).flatMap((g) => g.faces.map((f) => Array.from(f.descriptor)));
}, 180_000);

/** Every subset of at least two of the items. */
function subsets<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let mask = 1; mask < 1 << items.length; mask++) {
    const s = items.filter((_, i) => mask & (1 << i));
    if (s.length >= 2) out.push(s);
  }
  return out;
}
const average = (ds: number[][]) => ds[0].map((_, i) => ds.reduce((t, d) => t + d[i], 0) / ds.length);

describe("plausibility of a descriptor", () => {
  it("passes every real face of the fixtures: ID crops, group photos, strangers", () => {
    const real = [...people.flatMap((p) => p.faces.map((f) => Array.from(f.descriptor))), ...groupFaces, ...strangers];
    expect(real.length).toBeGreaterThan(60);
    expect(real.map((d) => implausibleDescriptor(d)).filter(Boolean)).toEqual([]);
  });

  it("refuses most averages of the stranger photos, out-of-range values and odd norms", () => {
    // The seven stranger photos are one man's expressions: averages of them are cleaner versions
    // of his face, and averages of many drift to the population mean.
    const averaged = subsets(strangers).map(average);
    const refused = averaged.filter((d) => implausibleDescriptor(d) === "near_mean").length;
    expect(refused).toBeGreaterThan(averaged.length / 3);
    const real = strangers[0];
    expect(implausibleDescriptor(real.map((v, i) => (i === 5 ? 0.9 : v)))).toBe("value_range");
    expect(implausibleDescriptor(real.map((v) => v * 0.7))).toBe("norm");
  });

  it("refuses identical frames and frames of different faces in one track", () => {
    const face = Array.from(people[0].faces[0].descriptor);
    expect(implausibleTrack([cameraFrame(face, 1), cameraFrame(face, 2)])).toBeNull();
    expect(implausibleTrack([face, face])).toBe("identical_frames");
    expect(implausibleTrack([face, Array.from(people[39].faces[0].descriptor)])).toBe("frames_apart");
  });
});

describe("the forged-probe attack against a class of the fixture people", () => {
  let ctx: Awaited<ReturnType<typeof freshDb>>;
  afterAll(() => ctx?.cleanup());

  it("marks nobody, counts every probe, and pauses face check-in until an admin resumes it", async () => {
    ctx = await freshDb();
    const db = ctx.db;
    await db.schoolSettings.create({ data: { id: 1, timeZone: "UTC" } });
    const klass = await db.class.create({
      data: { code: "F1", title: "Forgery", meetings: { create: { weekday: 1, startMinute: 480, endMinute: 530 } } },
    });
    for (const [i, person] of Object.keys(manifest.people).entries()) {
      const s = await db.student.create({
        data: {
          identifier: `F${i}`,
          givenName: person,
          familyName: "Fixture",
          consentStatus: "GRANTED",
          enrollments: { create: { classId: klass.id } },
        },
      });
      for (const p of people.filter((x) => x.person === person).slice(0, 4))
        await db.faceTemplate.create({
          data: { studentId: s.id, descriptor: descriptorToBytes(p.faces[0].descriptor), modelId: FACE_MODEL_ID },
        });
    }
    const at = new Date("2026-11-30T08:05:00Z"); // a Monday, class in session
    const { code } = await createKiosk(db, { name: "Door", classId: klass.id }, { label: "test" }, at);
    const token = (await pairKiosk(db, code, at))!.token;

    // Every average of 2 to 7 of the fixture strangers (120 forgeries), as two noisy frames each, 10 per call.
    const forged = subsets(strangers).map((s, i) => ({ trackId: `f${i}`, frames: frames(average(s), 2, i, 0.003) }));
    expect(forged.length).toBe(120);
    const outcomes: string[] = [];
    for (let i = 0; i < forged.length; i += 10) {
      const kiosk = (await kioskByToken(db, token))!;
      const r = await checkIn(db, kiosk, { faces: forged.slice(i, i + 10) }, new Date(at.getTime() + i * 100));
      if (r.ok && r.inSession) outcomes.push(...r.faces.map((f) => f.outcome));
      else outcomes.push(r.ok ? "not in session" : r.error);
    }
    expect(await db.attendanceRecord.count()).toBe(0);
    expect(outcomes).not.toContain("marked");
    expect(outcomes).toContain("paused");
    // Every probe that reached matching was counted, the refused ones as implausible.
    const counted = await db.checkInAttempt.count();
    expect(counted).toBe(outcomes.filter((o) => o !== "paused").length);
    expect(await db.checkInAttempt.count({ where: { outcome: "IMPLAUSIBLE" } })).toBeGreaterThan(0);
    // Paused within the first few calls: at the latest once a minute's unmarked probes reach the limit.
    expect(outcomes.indexOf("paused")).toBeLessThanOrEqual(PROBE_ALARM.perMinute + 10);
    const k = await db.kiosk.findFirstOrThrow();
    expect(k.recognitionPausedAt).not.toBeNull();
    expect(k.recognitionPausedReason).toMatch(/^Probing alarm/);
    expect(await db.auditLog.count({ where: { action: "kiosk.probing_alarm" } })).toBe(1);

    // A real student is refused while paused (nobody named), and marked once an admin resumes.
    const amy = Array.from(people.find((p) => p.person === "amy" && p.file === "amy5.png")!.faces[0].descriptor);
    const later = new Date(at.getTime() + 60_000);
    const paused = await checkIn(db, (await kioskByToken(db, token))!, { faces: [{ trackId: "amy", frames: frames(amy, 2) }] }, later);
    expect(paused).toMatchObject({ ok: false, error: "paused" });
    expect(await resumeRecognition(db, k.id, { label: "test-admin" })).toBe(true);
    const again = await checkIn(db, (await kioskByToken(db, token))!, { faces: [{ trackId: "amy", frames: frames(amy, 2) }] }, later);
    expect(again).toMatchObject({ ok: true, inSession: true, faces: [{ outcome: "marked", student: { name: "amy F." } }] });
    expect(await db.auditLog.count({ where: { action: "kiosk.resume_recognition" } })).toBe(1);
  }, 120_000);

  it("does not raise the alarm for a face nobody knows, seen all morning (a poster on the wall)", async () => {
    const c = await freshDb();
    try {
      const db = c.db;
      await db.schoolSettings.create({ data: { id: 1, timeZone: "UTC" } });
      const klass = await db.class.create({
        data: { code: "P1", title: "Poster", meetings: { create: { weekday: 1, startMinute: 480, endMinute: 530 } } },
      });
      const s = await db.student.create({
        data: {
          identifier: "P0",
          givenName: "Pat",
          familyName: "P",
          consentStatus: "GRANTED",
          enrollments: { create: { classId: klass.id } },
        },
      });
      await db.faceTemplate.create({ data: { studentId: s.id, descriptor: descriptorToBytes(syntheticFace(1)), modelId: FACE_MODEL_ID } });
      const start = new Date("2026-11-30T08:00:00Z");
      const { code } = await createKiosk(db, { name: "Door", classId: klass.id }, { label: "test" }, start);
      const token = (await pairKiosk(db, code, start))!.token;
      // The kiosk retries an unknown face every 4 s: 150 tries over 10 minutes.
      for (let i = 0; i < 150; i++) {
        const r = await checkIn(
          db,
          (await kioskByToken(db, token))!,
          { faces: [{ trackId: `p${i}`, frames: frames(syntheticFace(99), 3, i) }] },
          new Date(start.getTime() + i * 4000),
        );
        expect(r.ok && r.inSession && r.faces[0].outcome).toBe("unknown");
      }
      expect((await db.kiosk.findFirstOrThrow()).recognitionPausedAt).toBeNull();
    } finally {
      await c.cleanup();
    }
  }, 120_000);
});
