// Identify against the school, decide for the class; look-alike rules; calibration math; photo
// dates; the identify and calibrate commands' contracts.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { calibrate, normalQuantile, thresholdForFar } from "@/lib/face/calibrate";
import { identifyTrack, isLookAlike, lookAlikePairs } from "@/lib/face/identify";
import { descriptorToBytes, Gallery } from "@/lib/face/match";
import { photoTakenAt } from "@/lib/face/photo-date";
import { DEFAULT_RULES } from "@/lib/face/rules";
import { FACE_MODEL_ID } from "@/lib/face/types";
import { applyRules, calibrateSchool, undoRules } from "@/lib/matching/calibration";
import { schoolSettings } from "@/lib/settings";
import { freshDb } from "./helpers";

const axis = (i: number, v = 0.6, extra: Record<number, number> = {}) =>
  Array.from({ length: 128 }, (_, j) => (j === i ? v : (extra[j] ?? 0)));
const everyone = { inClass: () => true, isLookAlike: () => false };

/** Seeded standard normal samples (Box–Muller). */
function normals(n: number, seed: number): number[] {
  let s = seed;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  return Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
}

describe("identifyTrack: school first, then the class", () => {
  const school = Gallery.fromTemplates([
    { studentId: "ann", descriptor: axis(0) },
    { studentId: "bob", descriptor: axis(1) },
    { studentId: "cid", descriptor: axis(2) },
  ]);
  const classA = { inClass: (id: string) => id === "ann" || id === "bob", isLookAlike: () => false };

  it("marks a class member, and calls a student of another class not_in_class without naming them", () => {
    expect(identifyTrack(school, [axis(0), axis(0)], DEFAULT_RULES, classA)).toMatchObject({ decision: "match", studentId: "ann" });
    const other = identifyTrack(school, [axis(2), axis(2)], DEFAULT_RULES, classA);
    expect(other).toMatchObject({ decision: "not_in_class", studentId: null });
  });

  it("a face matching nobody is unknown; too few frames are pending", () => {
    expect(identifyTrack(school, [axis(9), axis(9), axis(9)], DEFAULT_RULES, classA).decision).toBe("unknown");
    expect(identifyTrack(school, [axis(0)], DEFAULT_RULES, classA).decision).toBe("pending");
  });

  it("takes the margin against the nearest other student of the school, whatever the class", () => {
    // Cid is not in class A, but a face halfway between Ann and Cid is too close to call.
    const near = Gallery.fromTemplates([
      { studentId: "ann", descriptor: axis(0) },
      { studentId: "cid", descriptor: axis(0, 0.6, { 5: 0.06 }) },
    ]);
    const between = axis(0, 0.6, { 5: 0.03 });
    expect(identifyTrack(near, [between, between, between], DEFAULT_RULES, classA).decision).toBe("ambiguous");
  });

  it("look-alikes need every frame of the window and twice the margin", () => {
    // Dee sits 0.30 from Ann: within the threshold, so both are look-alikes.
    const g = Gallery.fromTemplates([
      { studentId: "ann", descriptor: axis(0) },
      { studentId: "dee", descriptor: axis(0, 0.6, { 7: 0.3 }) },
    ]);
    expect(isLookAlike(g, "ann", DEFAULT_RULES.threshold)).toBe(true);
    expect(isLookAlike(g, "ann", 0.25)).toBe(false);
    expect(lookAlikePairs(g, DEFAULT_RULES.threshold)).toEqual([{ a: "ann", b: "dee", distance: expect.closeTo(0.3, 5) }]);
    const ctx = { inClass: () => true, isLookAlike: (id: string) => isLookAlike(g, id, DEFAULT_RULES.threshold) };
    // Margin 0.3 - 0.0 is wide: two frames are enough for anyone, but a look-alike waits for a third.
    expect(identifyTrack(g, [axis(0), axis(0)], DEFAULT_RULES, everyone)).toMatchObject({ decision: "match", studentId: "ann" });
    expect(identifyTrack(g, [axis(0), axis(0)], DEFAULT_RULES, ctx)).toMatchObject({ decision: "pending", strict: true });
    expect(identifyTrack(g, [axis(0), axis(0), axis(0)], DEFAULT_RULES, ctx)).toMatchObject({ decision: "match", studentId: "ann" });
    // A face 0.05 nearer to Ann than to Dee: enough margin (0.04) normally, not twice it.
    const leaning = axis(0, 0.6, { 7: 0.125 });
    expect(identifyTrack(g, [leaning, leaning, leaning], DEFAULT_RULES, everyone)).toMatchObject({ decision: "match", studentId: "ann" });
    expect(identifyTrack(g, [leaning, leaning, leaning], DEFAULT_RULES, ctx).decision).toBe("ambiguous");
  });
});

describe("calibration", () => {
  it("normalQuantile inverts the normal CDF", () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
  });

  it("finds the empirical quantile with many comparisons, a normal fit with few", () => {
    // Uniform on [0, 1): the threshold for 1 in 1,000 is 0.001.
    const uniform = Array.from({ length: 100_000 }, (_, i) => i / 100_000);
    const u = thresholdForFar(uniform, 0.001);
    expect(u.method).toBe("empirical");
    expect(u.raw).toBeCloseTo(0.001, 4);
    // 400 samples of N(0.9, 0.08²): 1 in 1,000 is 0.9 - 3.09 × 0.08 = 0.653.
    const sample = normals(400, 3)
      .map((z) => 0.9 + 0.08 * z)
      .sort((a, b) => a - b);
    const n = thresholdForFar(sample, 0.001);
    expect(n.method).toBe("normal-fit");
    expect(n.raw).toBeGreaterThan(0.62);
    expect(n.raw).toBeLessThan(0.69);
  });

  it("on a synthetic school with known spread, measures genuine and impostor distances and lists students to re-photograph", () => {
    // 40 students, each a random point; 3 photos each = the point plus noise of σ = 0.02 per value
    // (same-student distances ≈ 0.02·√(2·128) = 0.32); points spread with σ = 0.06 (different
    // students ≈ 0.06·√(2·128) ≈ 0.96, minus the noise-free part of the nearest template).
    const z = normals(40 * 128 * 4 + 128 * 3, 11);
    let k = 0;
    const templates = [];
    for (let s = 0; s < 40; s++) {
      const centre = Array.from({ length: 128 }, () => 0.06 * z[k++]);
      for (let p = 0; p < 3; p++) templates.push({ studentId: `s${s}`, descriptor: centre.map((c) => c + 0.02 * z[k++]) });
    }
    // One student whose third photo is of someone else entirely.
    templates.push({ studentId: "s0", descriptor: Array.from({ length: 128 }, () => 0.06 * z[k++]) });
    const c = calibrate(templates, 0.01);
    expect(c.students).toBe(40);
    expect(c.genuine).toHaveLength(121);
    expect(c.impostor).toHaveLength(121 * 39);
    expect(c.method).toBe("empirical");
    const median = (xs: number[]) => xs[Math.floor(xs.length / 2)];
    expect(median(c.genuine)).toBeGreaterThan(0.25);
    expect(median(c.genuine)).toBeLessThan(0.4);
    expect(median(c.impostor)).toBeGreaterThan(0.8);
    expect(c.threshold!).toBeGreaterThan(median(c.genuine));
    expect(c.threshold!).toBeLessThan(c.impostor[Math.ceil(0.01 * c.impostor.length)]);
    expect(c.measuredFar!).toBeLessThanOrEqual(0.01);
    expect(c.retake.map((r) => r.studentId)).toEqual(["s0"]);
  });

  it("never lets a normal fit of a few photos loosen the rule beyond the shipped default", () => {
    // Eight students far apart (axis vectors): the fit would allow a threshold near 0.8.
    const templates = Array.from({ length: 8 }, (_, s) =>
      [0, 1].map((p) => ({ studentId: `s${s}`, descriptor: axis(s * 2, 0.6, { [s * 2 + 1]: p * 0.2 }) })),
    ).flat();
    const many = [
      ...templates,
      ...Array.from({ length: 8 }, (_, s) => ({ studentId: `s${s}`, descriptor: axis(s * 2, 0.6, { [s * 2 + 1]: 0.1 }) })),
    ];
    const c = calibrate(many, 0.001);
    expect(c.method).toBe("normal-fit");
    expect(c.capped).toBe(true);
    expect(c.threshold).toBe(DEFAULT_RULES.threshold);
  });

  it("refuses to suggest anything from too few photos", () => {
    const c = calibrate(
      [
        { studentId: "a", descriptor: axis(0) },
        { studentId: "b", descriptor: axis(1) },
      ],
      0.001,
    );
    expect(c).toMatchObject({ method: "insufficient", threshold: null });
  });
});

describe("rules on the school's database", () => {
  let ctx: Awaited<ReturnType<typeof freshDb>>;
  beforeEach(async () => (ctx = await freshDb()));
  afterEach(() => ctx.cleanup());

  it("apply keeps the old rules for undo, both audited", async () => {
    expect((await schoolSettings(ctx.db)).rules).toEqual(DEFAULT_RULES);
    await applyRules(ctx.db, { ...DEFAULT_RULES, threshold: 0.45 }, { label: "test" }, "calibrated");
    let s = await schoolSettings(ctx.db);
    expect(s.rules.threshold).toBe(0.45);
    expect(s.previousRules).toEqual(DEFAULT_RULES);
    expect(await undoRules(ctx.db, { label: "test" })).toBe(true);
    s = await schoolSettings(ctx.db);
    expect(s.rules.threshold).toBe(DEFAULT_RULES.threshold);
    expect((await ctx.db.auditLog.findMany({ orderBy: { createdAt: "asc" } })).map((a) => a.action)).toEqual(["rules.apply", "rules.undo"]);
    await expect(applyRules(ctx.db, { ...DEFAULT_RULES, threshold: 7 }, { label: "test" }, "bad")).rejects.toThrow();
  });

  it("calibrates on active, consenting students only", async () => {
    for (let s = 0; s < 6; s++) {
      const st = await ctx.db.student.create({
        data: { identifier: `S${s}`, givenName: "A", familyName: "B", consentStatus: s === 5 ? "WITHDRAWN" : "GRANTED" },
      });
      for (let p = 0; p < 2; p++)
        await ctx.db.faceTemplate.create({
          data: { studentId: st.id, descriptor: descriptorToBytes(axis(s * 10 + p, 0.6, { [s * 10 + 5]: 0.3 })), modelId: FACE_MODEL_ID },
        });
    }
    const r = await calibrateSchool(ctx.db);
    expect(r.calibration.students).toBe(5);
    expect(r.calibration.templates).toBe(10);
  });
});

describe("photo dates", () => {
  const uploaded = new Date("2026-11-29T10:00:00Z");
  it("uses the EXIF date when the photo has a plausible one, else the upload time", async () => {
    const base = sharp({ create: { width: 32, height: 32, channels: 3, background: "#888" } });
    const withExif = await base
      .clone()
      .jpeg()
      .withExif({ IFD0: { DateTime: "2024:09:02 08:15:00" } })
      .toBuffer();
    const plain = await base.clone().jpeg().toBuffer();
    const future = await base
      .clone()
      .jpeg()
      .withExif({ IFD0: { DateTime: "2031:01:01 00:00:00" } })
      .toBuffer();
    const unset = await base
      .clone()
      .jpeg()
      .withExif({ IFD0: { DateTime: "1970:01:01 00:00:00" } })
      .toBuffer();
    expect(await photoTakenAt(withExif, uploaded)).toEqual({ takenAt: new Date("2024-09-02T08:15:00Z"), source: "exif" });
    for (const b of [plain, future, unset]) expect(await photoTakenAt(b, uploaded)).toEqual({ takenAt: uploaded, source: "upload" });
  });
});

describe("npm run cli -- identify (contract)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-identify-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, lines: unknown[]) => {
    fs.writeFileSync(path.join(dir, name), lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n") + "\n");
    return path.join(dir, name);
  };
  const run = (...args: string[]) => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "cli/index.ts", "identify", ...args], {
      env: { ...process.env, ROLLCALL_DATA_DIR: dir },
      encoding: "utf8",
      timeout: 120_000,
    });
    return { code: r.status, lines: r.stdout.trim().split("\n").filter(Boolean), err: r.stderr };
  };

  it("prints one line per probe in input order, with exactly the contract's fields", () => {
    const gallery = write("gallery.jsonl", [
      { id: "ann", descriptor: axis(0) },
      { id: "ann", descriptor: axis(0, 0.58) },
      { id: "bob", descriptor: axis(1) },
      { id: "cid", descriptor: axis(2) },
    ]);
    const klass = path.join(dir, "class.txt");
    fs.writeFileSync(klass, "ann\nbob\n");
    const probes = write("probes.jsonl", [
      { probe: "p-cid", frames: [axis(2), axis(2)] },
      { probe: "p-ann", frames: [axis(0), axis(0)] },
      { probe: "p-nobody", frames: [axis(9), axis(9), axis(9)] },
      { probe: "p-one", frames: [axis(1)] },
    ]);
    const r = run("--gallery", gallery, "--class", klass, probes);
    expect(r.code).toBe(0);
    expect(r.lines.map((l) => JSON.parse(l))).toEqual([
      { probe: "p-cid", decision: "not_in_class", id: null },
      { probe: "p-ann", decision: "match", id: "ann" },
      { probe: "p-nobody", decision: "unknown", id: null },
      { probe: "p-one", decision: "pending", id: null },
    ]);
    expect(Object.keys(JSON.parse(r.lines[1]))).toEqual(["probe", "decision", "id"]);
    // Without --class the whole gallery is the class; --rules overrides the active rules.
    expect(JSON.parse(run("--gallery", gallery, probes).lines[0])).toEqual({ probe: "p-cid", decision: "match", id: "cid" });
    expect(JSON.parse(run("--gallery", gallery, "--rules", '{"framesRequired":1,"framesWindow":1}', probes).lines[3])).toEqual({
      probe: "p-one",
      decision: "match",
      id: "bob",
    });
    expect(JSON.parse(run("--gallery", gallery, "--rules", '{"threshold":0.2}', probes).lines[1])).toEqual({
      probe: "p-ann",
      decision: "match",
      id: "ann",
    });
  }, 120_000);

  it("refuses bad input with the line that is wrong, printing nothing", () => {
    const gallery = write("g2.jsonl", [{ id: "ann", descriptor: axis(0) }, '{"id":"bob","descriptor":[1,2]}']);
    const probes = write("p2.jsonl", [{ probe: "x", frames: [axis(0)] }]);
    const bad = run("--gallery", gallery, probes);
    expect(bad.code).toBe(1);
    expect(bad.lines).toEqual([]);
    expect(bad.err).toContain("g2.jsonl:2: descriptor: The descriptor must have 128 values.");
    const rules = run("--gallery", write("g3.jsonl", [{ id: "ann", descriptor: axis(0) }]), "--rules", '{"threshold":5}', probes);
    expect(rules.code).toBe(2);
    expect(rules.err).toContain("--rules: threshold");
  }, 120_000);
});

describe("face-size rule (enrollment quality gate)", () => {
  const face = (width: number) => {
    // A frontal face: nose tip halfway between the jaw's outer points.
    const landmarks = Array.from({ length: 68 }, () => ({ x: 50, y: 50 }));
    landmarks[0] = { x: 0, y: 50 };
    landmarks[16] = { x: 100, y: 50 };
    return { box: { x: 0, y: 0, width, height: width }, score: 0.95, landmarks, descriptor: new Float32Array(128) };
  };
  it("refuses faces under 80 px, accepts 80–99 px with a small-photo note, and 100 px plainly", async () => {
    const { assessEnrollmentFaces, smallPhotoNote } = await import("@/lib/face/quality");
    expect(assessEnrollmentFaces([face(79)])).toMatchObject({ ok: false, reason: "face_too_small" });
    expect(assessEnrollmentFaces([face(80)])).toMatchObject({ ok: true, small: true });
    expect(assessEnrollmentFaces([face(99.5)])).toMatchObject({ ok: true, small: true });
    expect(assessEnrollmentFaces([face(100)])).toMatchObject({ ok: true, small: false });
    expect(smallPhotoNote(92.4)).toBe(
      "Small photo: the face is 92 pixels wide (100 or more recognises best). Enrolled; a closer photo would help.",
    );
  });
});
