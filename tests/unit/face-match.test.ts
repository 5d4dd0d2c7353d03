// Matching rules and the matcher on controlled descriptors (the real-face checks are in face-pipeline.test.ts).
import { describe, expect, it } from "vitest";
import { bytesToDescriptor, decideTrack, descriptorToBytes, Gallery, matchProbe, nearestTwo, type MatchResult } from "@/lib/face/match";
import { headTurn, assessEnrollmentFaces } from "@/lib/face/quality";
import { DEFAULT_RULES, resolveRules } from "@/lib/face/rules";
import type { DetectedFace } from "@/lib/face/types";

/** A descriptor that is `d` away from the zero vector along axis `axis`. */
function at(axis: number, d: number): Float32Array {
  const v = new Float32Array(128);
  v[axis] = d;
  return v;
}

describe("matchProbe", () => {
  it("takes each student's nearest template, not the average", () => {
    // Ann has one close and one far template; Bob two at middle distance.
    const g = Gallery.fromTemplates([
      { studentId: "ann", descriptor: at(0, 0.3) },
      { studentId: "ann", descriptor: at(1, 1.5) },
      { studentId: "bob", descriptor: at(2, 0.5) },
      { studentId: "bob", descriptor: at(3, 0.5) },
    ]);
    const r = matchProbe(g, new Float32Array(128), DEFAULT_RULES);
    expect(r).toMatchObject({ decision: "match", studentId: "ann" });
    expect(r.distance).toBeCloseTo(0.3, 6);
    expect(r.margin).toBeCloseTo(0.2, 6); // to Bob, the best *different* student
  });

  it("says unknown above the threshold and ambiguous when the margin is too small", () => {
    const g = Gallery.fromTemplates([
      { studentId: "ann", descriptor: at(0, 0.4) },
      { studentId: "bob", descriptor: at(1, 0.42) },
    ]);
    expect(matchProbe(g, new Float32Array(128), DEFAULT_RULES).decision).toBe("ambiguous");
    expect(matchProbe(g, at(5, 0.6), DEFAULT_RULES).decision).toBe("unknown");
    expect(matchProbe(Gallery.fromTemplates([]), at(0, 0.1), DEFAULT_RULES)).toMatchObject({ decision: "unknown", studentId: null });
  });

  it("a single enrolled student has an infinite margin", () => {
    const g = Gallery.fromTemplates([{ studentId: "ann", descriptor: at(0, 0.2) }]);
    expect(matchProbe(g, new Float32Array(128), DEFAULT_RULES)).toMatchObject({ decision: "match", margin: Infinity });
  });

  it("the SIMD kernel and the JS loop give the same top two as a plain per-student scan", () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
    const templates = Array.from({ length: 3000 }, (_, i) => ({
      studentId: `s${i % 700}`,
      descriptor: Float32Array.from({ length: 128 }, () => rand() * 0.1),
    }));
    const g = Gallery.fromTemplates(templates);
    const js = Gallery.fromTemplates(templates, false);
    expect(g.simd).toBe(true);
    expect(js.simd).toBe(false);
    for (let trial = 0; trial < 20; trial++) {
      const probe = Float32Array.from({ length: 128 }, () => rand() * 0.1);
      const perStudent = new Map<string, number>();
      for (const t of templates) {
        const d = Math.hypot(...t.descriptor.map((v, i) => v - probe[i]));
        perStudent.set(t.studentId, Math.min(perStudent.get(t.studentId) ?? Infinity, d));
      }
      const sorted = [...perStudent.entries()].sort((a, b) => a[1] - b[1]);
      for (const gallery of [g, js]) {
        const fast = nearestTwo(gallery, probe);
        expect(gallery.studentIds[fast.studentIndex]).toBe(sorted[0][0]);
        expect(fast.distance).toBeCloseTo(sorted[0][1], 5);
        expect(fast.secondDistance).toBeCloseTo(sorted[1][1], 5);
      }
    }
  });

  it("refuses descriptors of the wrong length", () => {
    expect(() => Gallery.fromTemplates([{ studentId: "a", descriptor: new Float32Array(127) }])).toThrow(/127 values/);
    expect(() => matchProbe(Gallery.fromTemplates([]), new Float32Array(12), DEFAULT_RULES)).toThrow();
  });
});

describe("decideTrack (k of n frames)", () => {
  const m = (studentId: string | null, decision: MatchResult["decision"], distance = 0.4): MatchResult => ({
    decision,
    studentId,
    distance,
    margin: 0.2,
  });

  it("matches when 2 of the last 3 frames agree", () => {
    expect(decideTrack([m("ann", "match"), m("ann", "unknown", 0.6), m("ann", "match", 0.35)], DEFAULT_RULES)).toMatchObject({
      decision: "match",
      studentId: "ann",
      distance: 0.35,
      agreeing: 2,
    });
  });

  it("waits while too few frames were seen, and says unknown when they disagree with everyone", () => {
    expect(decideTrack([m("ann", "match")], DEFAULT_RULES).decision).toBe("pending");
    expect(decideTrack([m("ann", "unknown", 0.7), m("bob", "unknown", 0.7), m(null, "unknown", 0.8)], DEFAULT_RULES).decision).toBe(
      "unknown",
    );
  });

  it("never picks a student when frames match different students", () => {
    expect(decideTrack([m("ann", "match"), m("ann", "match"), m("bob", "match")], DEFAULT_RULES)).toMatchObject({
      decision: "ambiguous",
      studentId: null,
    });
  });
});

describe("rules", () => {
  it("defaults, partial overrides and refusal of nonsense", () => {
    expect(resolveRules(null)).toEqual(DEFAULT_RULES);
    expect(resolveRules({ threshold: 0.5 })).toEqual({ ...DEFAULT_RULES, threshold: 0.5 });
    expect(() => resolveRules({ threshold: "high" })).toThrow(/Invalid matching rules/);
    expect(() => resolveRules({ framesRequired: 4, framesWindow: 3 })).toThrow(/framesRequired/);
  });
});

describe("descriptor bytes", () => {
  it("round-trip 128 float32 values exactly", () => {
    const d = Float32Array.from({ length: 128 }, (_, i) => Math.sin(i) / 3);
    const bytes = descriptorToBytes(d);
    expect(bytes.byteLength).toBe(512);
    expect(Array.from(bytesToDescriptor(bytes))).toEqual(Array.from(d));
    expect(() => bytesToDescriptor(new Uint8Array(100))).toThrow(/100 bytes/);
  });
});

describe("head turn", () => {
  const face = (noseX: number): DetectedFace => {
    const landmarks = Array.from({ length: 68 }, () => ({ x: 50, y: 50 }));
    landmarks[0] = { x: 0, y: 50 };
    landmarks[16] = { x: 100, y: 50 };
    landmarks[30] = { x: noseX, y: 60 };
    return { box: { x: 0, y: 0, width: 120, height: 120 }, score: 0.99, landmarks, descriptor: new Float32Array(128) };
  };
  it("is 0 for a frontal face and refuses a near-profile", () => {
    expect(headTurn(face(50).landmarks)).toBe(0);
    expect(headTurn(face(95).landmarks)).toBeCloseTo(0.9);
    expect(assessEnrollmentFaces([face(52)])).toMatchObject({ ok: true });
    expect(assessEnrollmentFaces([face(95)])).toMatchObject({ ok: false, reason: "head_turned" });
    expect(assessEnrollmentFaces([{ ...face(50), score: 0.3 }])).toMatchObject({ ok: false, reason: "low_score" });
  });
});

describe("generated SIMD kernel", () => {
  it("lib/face/sqdist-wasm.ts is what scripts/build-sqdist-wasm.ts generates", async () => {
    const fs = await import("node:fs");
    const { sqdistModuleSource, SQDIST_MODULE_FILE } = await import("@/scripts/build-sqdist-wasm");
    expect(fs.readFileSync(SQDIST_MODULE_FILE, "utf8")).toBe(await sqdistModuleSource());
  });
});
