// One "needs a new photo" rule (issue 29.6): the admin's Today, the students list filter, a
// class's enrollment health, Matching's re-take list and the re-shoot CSV (page and CLI) name
// exactly the same students for exactly the same reasons, on one fixture school.
import { parse } from "csv-parse/sync";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { adminDashboard } from "@/lib/data/dashboard";
import { classEnrollmentHealth } from "@/lib/data/classes";
import { listStudents } from "@/lib/data/students";
import { descriptorToBytes } from "@/lib/face/match";
import { FACE_MODEL_ID } from "@/lib/face/types";
import { needsNewPhoto, reasonsText, reshootCsv, RESHOOT_COLUMNS, type PhotoReason } from "@/lib/matching/photo-health";
import { schoolSettings } from "@/lib/settings";
import { nudge, syntheticFace } from "../support/synthetic-faces";
import { freshDb } from "./helpers";

let ctx: Awaited<ReturnType<typeof freshDb>>;
const AT = new Date("2026-12-07T12:00:00Z");
const RECENT = new Date("2026-10-01T09:00:00Z");
const LONG_AGO = new Date("2025-09-01T09:00:00Z"); // over 12 months before AT
let classA: string;

/** identifier → the reasons the rule must give (absent: not listed). */
const EXPECTED: Record<string, PhotoReason[]> = {
  S1: ["no_photo"],
  S2: ["one_photo"],
  S3: ["weak_photos"],
  S4: ["old_photos"],
  S5: ["borderline"],
  S6: ["photos_disagree"],
  S7: ["one_photo", "weak_photos", "old_photos"],
};

beforeEach(async () => {
  ctx = await freshDb();
  const db = ctx.db;
  await db.schoolSettings.create({ data: { id: 1, timeZone: "UTC" } });
  const { rules } = await schoolSettings(db);
  const a = await db.class.create({ data: { code: "PH-A", title: "Photos A" } });
  const b = await db.class.create({ data: { code: "PH-B", title: "Photos B" } });
  classA = a.id;
  type T = { face: number[]; size?: number; score?: number; taken?: Date };
  const student = async (
    identifier: string,
    familyName: string,
    templates: T[],
    opts: { consent?: boolean; archived?: boolean; classes?: string[] } = {},
  ) => {
    const s = await db.student.create({
      data: {
        identifier,
        givenName: "Kid",
        familyName,
        consentStatus: opts.consent === false ? "NONE" : "GRANTED",
        status: opts.archived ? "ARCHIVED" : "ACTIVE",
        enrollments: { create: (opts.classes ?? [a.id]).map((classId) => ({ classId })) },
      },
    });
    for (const t of templates)
      await db.faceTemplate.create({
        data: {
          studentId: s.id,
          descriptor: descriptorToBytes(t.face),
          modelId: FACE_MODEL_ID,
          faceSize: t.size ?? 160,
          detectionScore: t.score ?? 0.95,
          photoTakenAt: t.taken ?? RECENT,
        },
      });
    return s;
  };
  const pair = (seed: number, extra: Omit<T, "face"> = {}): T[] => [
    { face: syntheticFace(seed), ...extra },
    { face: nudge(syntheticFace(seed), 0.2, seed), ...extra },
  ];
  await student("S1", "Alder", []);
  await student("S2", "Birch", [{ face: syntheticFace(2) }], { classes: [a.id, b.id] });
  await student("S3", "Cedar", pair(3, { size: 85 })); // accepted as a "small photo", never a good one
  await student("S4", "Dogwood", pair(4, { taken: LONG_AGO }));
  const bo = await student("S5", "Elm", pair(5));
  await student("S6", "Fir", [{ face: syntheticFace(6) }, { face: nudge(syntheticFace(6), rules.threshold + 0.1, 6) }]);
  await student("S7", "Gum", [{ face: syntheticFace(7), score: 0.7, taken: LONG_AGO }]);
  await student("S8", "Hazel", pair(8), { classes: [a.id, b.id] }); // all good
  await student("S9", "Ivy", [], { consent: false }); // no photo may be taken: PIN or teacher
  await student("S10", "Juniper", [], { archived: true });
  // Three kiosk matches only just within the threshold in the last 60 days (one more, older, does not count).
  for (const [i, day] of ["2026-11-02", "2026-11-09", "2026-11-16", "2026-08-03"].entries()) {
    const session = await db.classSession.create({
      data: {
        classId: a.id,
        date: day,
        startsAt: new Date(`${day}T09:00:00Z`),
        endsAt: new Date(`${day}T09:50:00Z`),
        tardyAt: new Date(`${day}T09:10:00Z`),
      },
    });
    await db.attendanceRecord.create({
      data: {
        sessionId: session.id,
        studentId: bo.id,
        status: "PRESENT",
        markedAt: new Date(`${day}T09:0${i}:00Z`),
        method: "FACE",
        matchDistance: rules.threshold - 0.02,
      },
    });
  }
});
afterEach(() => ctx.cleanup());

describe("needs a new photo: one rule", () => {
  it("the rule gives each student's reasons; students without consent or archived are not listed", async () => {
    const needs = await needsNewPhoto(ctx.db, await schoolSettings(ctx.db), AT);
    expect(Object.fromEntries(needs.map((n) => [n.identifier, n.reasons]))).toEqual(EXPECTED);
    expect(needs.find((n) => n.identifier === "S2")?.classes).toEqual(["PH-A", "PH-B"]);
  });

  it("Today, the students list, the class's enrollment health, Matching and the re-shoot CSV agree", async () => {
    const db = ctx.db;
    const settings = await schoolSettings(db);
    const expectedText = Object.fromEntries(Object.entries(EXPECTED).map(([id, r]) => [id, reasonsText(r)]));

    // Today's count.
    expect((await adminDashboard(db, AT)).counts.needsNewPhoto).toBe(Object.keys(EXPECTED).length);

    // The students list filtered by "Needs a new photo", each row with its reasons.
    const list = await listStudents(db, { faces: "needs-new" }, { settings, at: AT });
    expect(Object.fromEntries(list.rows.map((r) => [r.identifier, r.photoReasons]))).toEqual(EXPECTED);
    // Unfiltered rows carry the same reasons (none for those the rule does not name).
    const all = await listStudents(db, {}, { settings, at: AT });
    expect(Object.fromEntries(all.rows.filter((r) => r.photoReasons.length).map((r) => [r.identifier, r.photoReasons]))).toEqual(EXPECTED);

    // The class's enrollment health: the "Photograph again" names and each row's health.
    const health = (await classEnrollmentHealth(db, classA, settings, AT))!;
    expect(Object.fromEntries(health.needs.map((n) => [n.identifier, n.reasons]))).toEqual(EXPECTED);
    const rows = Object.fromEntries(health.rows.map((r) => [r.e.student.identifier, [r.health, r.why]]));
    for (const [id, text] of Object.entries(expectedText)) expect(rows[id]).toEqual([id === "S1" ? "none" : "weak", text]);
    expect(rows.S8).toEqual(["good", "2 photos"]);
    expect(rows.S9[0]).toBe("no consent");
    expect(rows.S10[0]).toBe("archived");

    // Matching's re-take list reads the rule itself (app/admin/matching/page.tsx).
    const matching = await needsNewPhoto(db, settings, AT);
    expect(matching.map((n) => n.identifier)).toEqual(list.rows.map((r) => r.identifier));

    // The re-shoot CSV (the download and `npm run cli -- reshoot-list`), for the school and for one class.
    const csv = (await reshootCsv(db, AT))!;
    expect(csv.split("\n")[0]).toBe(RESHOOT_COLUMNS.join(","));
    const records: Record<string, string>[] = parse(csv, { columns: true });
    expect(Object.fromEntries(records.map((r) => [r.identifier, r.reason]))).toEqual(expectedText);
    expect(records.find((r) => r.identifier === "S2")).toEqual({
      identifier: "S2",
      givenName: "Kid",
      familyName: "Birch",
      classes: "PH-A PH-B",
      reason: "only one photo: add another",
    });
    const classB: Record<string, string>[] = parse((await reshootCsv(db, AT, "PH-B"))!, { columns: true });
    expect(classB.map((r) => r.identifier)).toEqual(["S2"]);
    expect(await reshootCsv(db, AT, "NOPE")).toBeNull();
  });
});
