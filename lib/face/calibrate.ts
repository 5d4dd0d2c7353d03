// Thresholds from data: the school's own gallery gives impostor distances (a template of one
// student against the nearest template of another student: what the kiosk compares) and
// genuine distances (a template against the nearest other template of the same student).
// The threshold is the largest distance at which impostor comparisons are accepted at most at
// the target rate. Pure: the Matching page, `npm run cli -- calibrate` and the tests run it.
import { squaredDistance as sqDist } from "./geometry";
import { DEFAULT_RULES, type MatchingRules } from "./rules";

export type Template = { studentId: string; descriptor: ArrayLike<number> };

export type CalibrationMethod = "empirical" | "normal-fit" | "insufficient";

export type Calibration = {
  targetFar: number;
  students: number;
  templates: number;
  /** Students with at least two templates (their genuine distances can be measured). */
  studentsWithPairs: number;
  genuine: number[];
  impostor: number[];
  /** How the threshold was found: the empirical quantile (enough comparisons), a normal fit of the impostor distances (few), or not at all. */
  method: CalibrationMethod;
  /** The threshold meeting the target, rounded down to 0.005; null when insufficient. */
  threshold: number | null;
  /** Impostor comparisons accepted at that threshold, as measured here. */
  measuredFar: number | null;
  /** Genuine comparisons accepted at that threshold. */
  genuineAcceptRate: number | null;
  /** True when a normal fit suggested a looser threshold than the shipped default and was held to it. */
  capped: boolean;
  /** Students whose own photos lie farther apart than the threshold (re-take their photos). */
  retake: { studentId: string; distance: number }[];
  message: string;
};

/** At least this many students with two or more photos, and impostor comparisons, before any threshold is suggested. */
export const MIN_STUDENTS_WITH_PAIRS = 5;
export const MIN_IMPOSTOR_COMPARISONS = 100;
/** The empirical quantile is used once the target is seen at least this many times over. */
const EMPIRICAL_FACTOR = 10;
/** Probe templates are sampled down to this many (seeded), so a district's gallery calibrates in seconds. */
export const MAX_PROBE_TEMPLATES = 1500;

/** Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new Error("p must lie strictly between 0 and 1.");
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

function seededOrder(n: number, seed = 1): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const j = seed % (i + 1);
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx;
}

/** The p-quantile (0..1) of ascending distances, floor rank; null when there are none. */
export function sortedQuantile(sorted: number[], p: number): number | null {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : null;
}

const floorTo = (x: number, step: number) => Math.floor(x / step + 1e-9) * step;

/**
 * The largest distance at which at most `targetFar` of the (sorted) impostor distances are
 * accepted: the empirical quantile when the target is seen often enough, otherwise a normal
 * fit of the distances (never above the smallest distance seen).
 */
export function thresholdForFar(impostor: number[], targetFar: number): { raw: number; method: "empirical" | "normal-fit" } {
  if (impostor.length * targetFar >= EMPIRICAL_FACTOR) {
    const k = Math.floor(targetFar * impostor.length); // comparisons allowed at or below the threshold
    return { raw: (impostor[k - 1] + impostor[k]) / 2, method: "empirical" };
  }
  const mean = impostor.reduce((s, x) => s + x, 0) / impostor.length;
  const sd = Math.sqrt(impostor.reduce((s, x) => s + (x - mean) ** 2, 0) / (impostor.length - 1));
  return { raw: Math.min(mean + normalQuantile(targetFar) * sd, impostor[0] - 1e-6), method: "normal-fit" };
}

/**
 * Genuine distances: each template against its nearest sibling of the same student; a
 * student's worst photo is the largest of these (students with one template have none).
 * Unsorted. Also what "own photos disagree" (lib/matching/photo-health.ts) measures.
 */
export function genuineDistances(templates: Template[]): { genuine: number[]; worst: Map<string, number> } {
  const byStudent = new Map<string, Template[]>();
  for (const t of templates) byStudent.set(t.studentId, [...(byStudent.get(t.studentId) ?? []), t]);
  const genuine: number[] = [];
  const worst = new Map<string, number>();
  for (const [sid, own] of byStudent) {
    if (own.length < 2) continue;
    for (const a of own) {
      let best = Infinity;
      for (const b of own) if (b !== a) best = Math.min(best, sqDist(a.descriptor, b.descriptor));
      const d = Math.sqrt(best);
      genuine.push(d);
      worst.set(sid, Math.max(worst.get(sid) ?? 0, d));
    }
  }
  return { genuine, worst };
}

/** Calibrates a threshold for the target false-accept rate (per impostor comparison) on a gallery. */
export function calibrate(templates: Template[], targetFar: number, shippedThreshold = DEFAULT_RULES.threshold): Calibration {
  if (!(targetFar > 0 && targetFar < 1)) throw new Error("The target false-accept rate must lie between 0 and 1.");
  const byStudent = new Map<string, number[]>();
  templates.forEach((t, i) => byStudent.set(t.studentId, [...(byStudent.get(t.studentId) ?? []), i]));
  const students = [...byStudent.keys()];
  const studentOf = templates.map((t) => students.indexOf(t.studentId));

  const { genuine, worst } = genuineDistances(templates);

  // Impostor: each (sampled) template against every other student's nearest template.
  const impostor: number[] = [];
  const probes = seededOrder(templates.length).slice(0, MAX_PROBE_TEMPLATES);
  for (const i of probes) {
    const nearest = new Float64Array(students.length).fill(Infinity);
    for (let j = 0; j < templates.length; j++) {
      if (studentOf[j] === studentOf[i]) continue;
      const d = sqDist(templates[i].descriptor, templates[j].descriptor);
      if (d < nearest[studentOf[j]]) nearest[studentOf[j]] = d;
    }
    nearest.forEach((d, s) => s !== studentOf[i] && impostor.push(Math.sqrt(d)));
  }
  genuine.sort((a, b) => a - b);
  impostor.sort((a, b) => a - b);

  const base = { targetFar, students: students.length, templates: templates.length, studentsWithPairs: worst.size, genuine, impostor };
  if (worst.size < MIN_STUDENTS_WITH_PAIRS || impostor.length < MIN_IMPOSTOR_COMPARISONS)
    return {
      ...base,
      method: "insufficient",
      threshold: null,
      measuredFar: null,
      genuineAcceptRate: null,
      capped: false,
      retake: [],
      message: `Too few photos to calibrate: at least ${MIN_STUDENTS_WITH_PAIRS} students with two or more photos are needed (${worst.size} now). The shipped defaults stay.`,
    };

  const { raw, method } = thresholdForFar(impostor, targetFar);
  // A fit of a few students' photos cannot justify a looser rule than the one chosen on 1,800
  // photos of 900 people: it never sees the near look-alikes a whole school holds.
  const capped = method === "normal-fit" && raw > shippedThreshold;
  const threshold = Math.max(0.2, floorTo(capped ? shippedThreshold : raw, 0.005));
  const accepted = (xs: number[]) => xs.filter((x) => x <= threshold).length / Math.max(1, xs.length);
  const retake = [...worst.entries()]
    .filter(([, d]) => d > threshold)
    .map(([studentId, distance]) => ({ studentId, distance }))
    .sort((a, b) => b.distance - a.distance);
  return {
    ...base,
    method,
    capped,
    threshold: Number(threshold.toFixed(3)),
    measuredFar: accepted(impostor),
    genuineAcceptRate: genuine.length ? accepted(genuine) : null,
    retake,
    message:
      method === "empirical"
        ? `Threshold ${threshold.toFixed(3)} accepts ${impostor.filter((x) => x <= threshold).length} of ${impostor.length} impostor comparisons (target ${targetFar}).`
        : `Threshold ${threshold.toFixed(3)} from a normal fit of ${impostor.length} impostor comparisons (too few to measure a rate of ${targetFar} directly)${capped ? `, held at the shipped default (the fit gave ${raw.toFixed(3)})` : ""}.`,
  };
}

/** The rules a calibration suggests: its threshold, everything else as in `current`. */
export function suggestedRules(cal: Calibration, current: MatchingRules): MatchingRules | null {
  return cal.threshold === null ? null : { ...current, threshold: cal.threshold };
}
