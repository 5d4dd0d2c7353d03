// Identify against the whole school, decide for the class. A probe is matched against
// every active, consenting student of the school, so the margin is taken against the
// nearest *other student of the school*; only then is the winner checked against the
// class in session. Measured on the LFW calibration set (README, "Matching rules and why"): with a
// class-only gallery, students of other classes were marked present as somebody else,
// because most people at a classroom door who are not in the class are enrolled elsewhere
// in the school, and match themselves first when the school is the gallery.
//
// Pure and environment-free: the kiosk check-in, the `identify` CLI and the accuracy
// benchmark all run exactly this code.
import { decideTrack, type Gallery, matchProbe, type MatchResult } from "./match";
import type { MatchingRules } from "./rules";
import { DESCRIPTOR_LENGTH } from "./types";

export type IdentifyDecision = "match" | "unknown" | "ambiguous" | "not_in_class" | "pending";

export type Identification = {
  decision: IdentifyDecision;
  /** The student marked: set only for "match". */
  studentId: string | null;
  /** The school student the face resolved to: set for "match" and "not_in_class" (never shown at a kiosk). */
  resolvedId: string | null;
  distance: number;
  /** True when the stricter look-alike rules applied. */
  strict: boolean;
};

/**
 * Stricter rules for students known to look like another student: every frame of the
 * window must agree, with twice the margin. A look-alike is then marked only on a
 * steady, clearly separated face; otherwise roll call or the PIN serve.
 */
export function strictRules(rules: MatchingRules): MatchingRules {
  return { ...rules, minMargin: Math.min(0.5, rules.minMargin * 2), framesRequired: rules.framesWindow };
}

export type ClassContext = {
  /** Whether the student is on the class's list for the session's date. */
  inClass(studentId: string): boolean;
  /** Whether the student is a known look-alike (stricter rules). */
  isLookAlike(studentId: string): boolean;
};

/** Frames (oldest first) of one tracked face → the kiosk's decision for the class in session. */
export function identifyTrack(school: Gallery, frames: ArrayLike<number>[], rules: MatchingRules, ctx: ClassContext): Identification {
  const results: MatchResult[] = frames.map((f) => matchProbe(school, f, rules));
  let decision = decideTrack(results, rules);
  let strict = false;
  if (decision.decision === "match" && decision.studentId && ctx.isLookAlike(decision.studentId)) {
    strict = true;
    const tight = strictRules(rules);
    decision = decideTrack(
      results.map((r) => (r.decision === "match" && r.margin < tight.minMargin ? { ...r, decision: "ambiguous" } : r)),
      tight,
    );
  }
  const base = { distance: decision.distance, strict };
  if (decision.decision !== "match" || !decision.studentId)
    return { decision: decision.decision, studentId: null, resolvedId: null, ...base };
  if (!ctx.inClass(decision.studentId)) return { decision: "not_in_class", studentId: null, resolvedId: decision.studentId, ...base };
  return { decision: "match", studentId: decision.studentId, resolvedId: decision.studentId, ...base };
}

/**
 * Distance from template `t` to the nearest template of *another* student. Each template is
 * a probe against the whole gallery; its own student is nearest (at distance 0), so the
 * nearest other student is the second (or the first, when an identical face is enrolled twice).
 */
function nearestOther(gallery: Gallery, t: number): number {
  const dim = DESCRIPTOR_LENGTH;
  const { studentIndex, distance, secondDistance } = gallery.nearestTwo(gallery.vectors.subarray(t * dim, (t + 1) * dim));
  return studentIndex === gallery.owners[t] ? secondDistance : distance;
}

/**
 * How near the student's templates come to another student's template (distance is symmetric,
 * so the student's own templates tell); Infinity when no other student has templates. Kept
 * per gallery: the gallery is rebuilt, and this forgotten, whenever templates change.
 */
export function lookAlikeDistance(gallery: Gallery, studentId: string): number {
  const memo = (lookAlikeMemo.get(gallery) ?? lookAlikeMemo.set(gallery, new Map()).get(gallery))!;
  let nearest = memo.get(studentId);
  if (nearest === undefined) {
    const s = gallery.studentIds.indexOf(studentId);
    nearest = Infinity;
    for (let t = 0; t < gallery.owners.length; t++) if (gallery.owners[t] === s) nearest = Math.min(nearest, nearestOther(gallery, t));
    memo.set(studentId, nearest);
  }
  return nearest;
}

/** Whether any template of the student lies within `threshold` of another student's template. */
export function isLookAlike(gallery: Gallery, studentId: string, threshold: number): boolean {
  return lookAlikeDistance(gallery, studentId) <= threshold;
}
const lookAlikeMemo = new WeakMap<Gallery, Map<string, number>>();

/** Every pair of students with templates within `threshold` of each other, nearest first (the Matching page's list). */
export function lookAlikePairs(gallery: Gallery, threshold: number): { a: string; b: string; distance: number }[] {
  const pairs = new Map<string, { a: string; b: string; distance: number }>();
  for (let t = 0; t < gallery.owners.length; t++) {
    if (nearestOther(gallery, t) > threshold) continue;
    // nearestTwo names only the nearest student; find which other student it was.
    const self = gallery.owners[t];
    let other = -1;
    let best = Infinity;
    for (let u = 0; u < gallery.owners.length; u++) {
      if (gallery.owners[u] === self) continue;
      let sum = 0;
      for (let j = 0; j < DESCRIPTOR_LENGTH; j++)
        sum += (gallery.vectors[t * DESCRIPTOR_LENGTH + j] - gallery.vectors[u * DESCRIPTOR_LENGTH + j]) ** 2;
      if (sum < best) [best, other] = [sum, gallery.owners[u]];
    }
    const [a, b] = [gallery.studentIds[self], gallery.studentIds[other]].sort();
    const key = `${a} ${b}`;
    const d = Math.sqrt(best);
    if (!pairs.has(key) || pairs.get(key)!.distance > d) pairs.set(key, { a, b, distance: d });
  }
  return [...pairs.values()].sort((x, y) => x.distance - y.distance);
}
