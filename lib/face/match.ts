// Matching descriptors against enrolled templates. Pure TypeScript (no tfjs), so the
// server stays light. The gallery is one contiguous Float32Array; a student's distance
// is the minimum over their templates (face-api's FaceMatcher averages them, which is worse).
import type { MatchingRules } from "./rules";
import { DESCRIPTOR_LENGTH } from "./types";

export type Decision = "match" | "unknown" | "ambiguous";

export type MatchResult = {
  decision: Decision;
  /** The nearest student (set for every decision when the gallery is not empty). */
  studentId: string | null;
  distance: number;
  /** Distance of the nearest *different* student minus `distance`; Infinity when there is none. */
  margin: number;
};

export class Gallery {
  private constructor(
    /** templateCount × 128 values. */
    readonly vectors: Float32Array,
    /** For each template, the index of its student in `studentIds`. */
    readonly owners: Int32Array,
    readonly studentIds: string[],
  ) {}

  static fromTemplates(templates: Iterable<{ studentId: string; descriptor: ArrayLike<number> }>): Gallery {
    const list = Array.from(templates);
    const vectors = new Float32Array(list.length * DESCRIPTOR_LENGTH);
    const owners = new Int32Array(list.length);
    const index = new Map<string, number>();
    list.forEach((t, i) => {
      if (t.descriptor.length !== DESCRIPTOR_LENGTH) throw new Error(`Template ${i} has ${t.descriptor.length} values, not ${DESCRIPTOR_LENGTH}.`);
      vectors.set(t.descriptor, i * DESCRIPTOR_LENGTH);
      let s = index.get(t.studentId);
      if (s === undefined) index.set(t.studentId, (s = index.size));
      owners[i] = s;
    });
    return new Gallery(vectors, owners, [...index.keys()]);
  }

  get size(): number {
    return this.owners.length;
  }
}

/**
 * The two nearest distinct students of a probe. A template is abandoned as soon as its
 * partial sum exceeds the current second-best distance: it cannot change the top two.
 */
export function nearestTwo(gallery: Gallery, probe: ArrayLike<number>) {
  const { vectors, owners } = gallery;
  let best = -1;
  let bestSq = Infinity;
  let secondSq = Infinity;
  for (let t = 0, base = 0; t < owners.length; t++, base += DESCRIPTOR_LENGTH) {
    let sum = 0;
    let k = 0;
    for (; k < DESCRIPTOR_LENGTH; k += 16) {
      for (let j = k; j < k + 16; j++) {
        const d = vectors[base + j] - probe[j];
        sum += d * d;
      }
      if (sum >= secondSq) break;
    }
    if (k < DESCRIPTOR_LENGTH) continue;
    const owner = owners[t];
    if (owner === best) {
      if (sum < bestSq) bestSq = sum;
    } else if (sum < bestSq) {
      secondSq = bestSq;
      bestSq = sum;
      best = owner;
    } else if (sum < secondSq) {
      secondSq = sum;
    }
  }
  return { studentIndex: best, distance: Math.sqrt(bestSq), secondDistance: Math.sqrt(secondSq) };
}

export function matchProbe(gallery: Gallery, probe: ArrayLike<number>, rules: MatchingRules): MatchResult {
  if (probe.length !== DESCRIPTOR_LENGTH) throw new Error(`A probe has ${DESCRIPTOR_LENGTH} values, not ${probe.length}.`);
  if (gallery.size === 0) return { decision: "unknown", studentId: null, distance: Infinity, margin: Infinity };
  const { studentIndex, distance, secondDistance } = nearestTwo(gallery, probe);
  const margin = secondDistance - distance;
  const decision: Decision = distance > rules.threshold ? "unknown" : margin < rules.minMargin ? "ambiguous" : "match";
  return { decision, studentId: gallery.studentIds[studentIndex], distance, margin };
}

export type TrackDecision = { decision: Decision | "pending"; studentId: string | null; distance: number; agreeing: number };

/**
 * Decides for one tracked face from its per-frame results (oldest first): a match when
 * at least `framesRequired` of the last `framesWindow` frames match the same student and
 * no frame there matches anyone else; "pending" while too few frames have been seen.
 */
export function decideTrack(frames: MatchResult[], rules: MatchingRules): TrackDecision {
  const recent = frames.slice(-rules.framesWindow);
  const votes = new Map<string, { count: number; distance: number }>();
  for (const f of recent) {
    if (f.decision !== "match" || !f.studentId) continue;
    const v = votes.get(f.studentId) ?? { count: 0, distance: Infinity };
    votes.set(f.studentId, { count: v.count + 1, distance: Math.min(v.distance, f.distance) });
  }
  const ranked = [...votes.entries()].sort((a, b) => b[1].count - a[1].count || a[1].distance - b[1].distance);
  const [top] = ranked;
  if (top && top[1].count >= rules.framesRequired) {
    if (ranked.length > 1) return { decision: "ambiguous", studentId: null, distance: top[1].distance, agreeing: top[1].count };
    return { decision: "match", studentId: top[0], distance: top[1].distance, agreeing: top[1].count };
  }
  const nearest = Math.min(...recent.map((f) => f.distance));
  if (recent.length < rules.framesWindow) return { decision: "pending", studentId: null, distance: nearest, agreeing: top?.[1].count ?? 0 };
  const anyAmbiguous = recent.some((f) => f.decision === "ambiguous") || ranked.length > 1;
  return { decision: anyAmbiguous ? "ambiguous" : "unknown", studentId: null, distance: nearest, agreeing: top?.[1].count ?? 0 };
}

export function euclidean(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] - b[i]) ** 2;
  return Math.sqrt(sum);
}

/** 128 float32 values as bytes (little-endian), for the database; and back. */
export function descriptorToBytes(descriptor: ArrayLike<number>): Uint8Array<ArrayBuffer> {
  const f = Float32Array.from(descriptor);
  return new Uint8Array(f.buffer);
}

export function bytesToDescriptor(bytes: Uint8Array): Float32Array {
  if (bytes.byteLength !== DESCRIPTOR_LENGTH * 4) throw new Error(`A template has ${bytes.byteLength} bytes, not ${DESCRIPTOR_LENGTH * 4}.`);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}
