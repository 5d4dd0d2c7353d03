// Matching descriptors against enrolled templates. No tfjs, so the server stays light.
// The gallery is one contiguous Float32Array, plus int8 codes of it in a small
// WebAssembly SIMD kernel for a first pass (a plain float scan of 100,000 templates
// takes about 30 ms here, SIMD on float32 7–12 ms: bound by moving 51 MB); results are
// exact all the same. A student's distance is the minimum over their templates
// (face-api's FaceMatcher averages them, which is worse).
import type { MatchingRules } from "./rules";
import { SQDIST_WASM_BASE64 } from "./sqdist-wasm";
import { DESCRIPTOR_LENGTH } from "./types";
import { DESCRIPTOR_MEAN } from "./descriptor-stats";

export type Decision = "match" | "unknown" | "ambiguous";

export type MatchResult = {
  decision: Decision;
  /** The nearest student (set for every decision when the gallery is not empty). */
  studentId: string | null;
  distance: number;
  /** Distance of the nearest *different* student minus `distance`; Infinity when there is none. */
  margin: number;
};

/**
 * int8 codes of descriptor values less the population's mean (distances do not change when
 * both sides move alike), v − mean ≈ code / CODE_SCALE, within ±63 so that differences fit in
 * int8. Raw values were coded before, clipped at ±0.49: 44 of 2,376 real LFW descriptors had a
 * value beyond (the mean reaches ±0.38), and one clipped template widened every probe's error
 * bound until the first pass pruned almost nothing. Centred, real values stay within ±0.23, so
 * a finer scale fits (±0.33 at 192) and halves the bound again; a value outside is still
 * clipped, which only widens the bound.
 */
const CODE_SCALE = 192;
const CODE_MAX = 63;

function encode(values: ArrayLike<number>, into: Int8Array, offset = 0): number {
  let errSq = 0;
  for (let i = 0; i < DESCRIPTOR_LENGTH; i++) {
    const v = values[i] - DESCRIPTOR_MEAN[i];
    const code = Math.max(-CODE_MAX, Math.min(CODE_MAX, Math.round(v * CODE_SCALE)));
    into[offset + i] = code;
    errSq += (v - code / CODE_SCALE) ** 2;
  }
  return Math.sqrt(errSq);
}

/** int8 squared distances of one probe to every template, in WebAssembly SIMD memory. */
type CodeKernel = {
  codes: Int8Array;
  owners: Int32Array;
  probe: Int8Array;
  /** Computes the code distances; returns the second-smallest over distinct owners. */
  run(): number;
  /** Indices of the templates whose code distance is at most `limit`. */
  collect(limit: number): Int32Array;
};

let compiled: WebAssembly.Module | null | undefined;

/** The kernel for `count` templates, or null where WebAssembly SIMD is unavailable (a plain scan serves then). */
function createKernel(count: number): CodeKernel | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(Uint8Array.from(atob(SQDIST_WASM_BASE64), (c) => c.charCodeAt(0)));
    } catch {
      compiled = null;
    }
  }
  if (!compiled || count === 0) return null;
  const instance = new WebAssembly.Instance(compiled);
  const { memory, sqdist, collect, second } = instance.exports as {
    memory: WebAssembly.Memory;
    sqdist: (g: number, q: number, n: number, out: number, own: number) => void;
    collect: (out: number, n: number, limit: number, idx: number) => number;
    second: WebAssembly.Global;
  };
  // Layout, 16-byte aligned: probe (128 int8), code distances, owners, candidate indices (int32 each), codes (128 int8 each).
  const align = (n: number) => Math.ceil(n / 16) * 16;
  const probeAt = 0;
  const outAt = DESCRIPTOR_LENGTH;
  const ownersAt = outAt + align(count * 4);
  const idxAt = ownersAt + align(count * 4);
  const codesAt = idxAt + align(count * 4);
  const pages = Math.ceil((codesAt + count * DESCRIPTOR_LENGTH) / 65536) - memory.buffer.byteLength / 65536;
  if (pages > 0) memory.grow(pages);
  return {
    probe: new Int8Array(memory.buffer, probeAt, DESCRIPTOR_LENGTH),
    owners: new Int32Array(memory.buffer, ownersAt, count),
    codes: new Int8Array(memory.buffer, codesAt, count * DESCRIPTOR_LENGTH),
    run: () => {
      sqdist(codesAt, probeAt, count, outAt, ownersAt);
      return second.value as number;
    },
    collect: (limit) => new Int32Array(memory.buffer, idxAt, collect(outAt, count, limit, idxAt)),
  };
}

function exactSq(vectors: Float32Array, base: number, probe: ArrayLike<number>): number {
  let sum = 0;
  for (let j = 0; j < DESCRIPTOR_LENGTH; j++) {
    const d = vectors[base + j] - probe[j];
    sum += d * d;
  }
  return sum;
}

/** Running top two distinct students over (owner, value) pairs, smallest first. */
class TopTwo {
  best = -1;
  bestValue = Infinity;
  secondValue = Infinity;
  offer(owner: number, value: number): void {
    if (value >= this.secondValue) return;
    if (owner === this.best) {
      if (value < this.bestValue) this.bestValue = value;
    } else if (value < this.bestValue) {
      this.secondValue = this.bestValue;
      this.bestValue = value;
      this.best = owner;
    } else {
      this.secondValue = value;
    }
  }
}

export class Gallery {
  private constructor(
    /** templateCount × 128 values, contiguous: the exact descriptors. */
    readonly vectors: Float32Array,
    /** For each template, the index of its student in `studentIds`. */
    readonly owners: Int32Array,
    readonly studentIds: string[],
    private readonly kernel: CodeKernel | null,
    /** The largest |descriptor − its int8 code / CODE_SCALE| of any template. */
    private readonly maxCodeError: number,
  ) {}

  static fromTemplates(templates: Iterable<{ studentId: string; descriptor: ArrayLike<number> }>, useSimd = true): Gallery {
    const list = Array.from(templates);
    const kernel = useSimd ? createKernel(list.length) : null;
    const vectors = new Float32Array(list.length * DESCRIPTOR_LENGTH);
    let maxCodeError = 0;
    const owners = new Int32Array(list.length);
    const index = new Map<string, number>();
    list.forEach((t, i) => {
      if (t.descriptor.length !== DESCRIPTOR_LENGTH)
        throw new Error(`Template ${i} has ${t.descriptor.length} values, not ${DESCRIPTOR_LENGTH}.`);
      vectors.set(t.descriptor, i * DESCRIPTOR_LENGTH);
      if (kernel) maxCodeError = Math.max(maxCodeError, encode(t.descriptor, kernel.codes, i * DESCRIPTOR_LENGTH));
      let s = index.get(t.studentId);
      if (s === undefined) index.set(t.studentId, (s = index.size));
      owners[i] = s;
    });
    kernel?.owners.set(owners);
    return new Gallery(vectors, owners, [...index.keys()], kernel, maxCodeError);
  }

  get size(): number {
    return this.owners.length;
  }

  /** The distance of a probe to one student's nearest template (Infinity when they have none). */
  distanceTo(studentId: string, probe: ArrayLike<number>): number {
    const owner = this.studentIds.indexOf(studentId);
    let best = Infinity;
    if (owner < 0) return best;
    for (let t = 0; t < this.owners.length; t++)
      if (this.owners[t] === owner) best = Math.min(best, exactSq(this.vectors, t * DESCRIPTOR_LENGTH, probe));
    return Math.sqrt(best);
  }

  /** True when the first pass runs in the WebAssembly SIMD kernel. */
  get simd(): boolean {
    return this.kernel !== null;
  }

  /**
   * The two nearest distinct students, exactly. With the kernel: int8 code distances of
   * all templates differ from the exact ones by at most the code errors of template and
   * probe (triangle inequality), so only the few templates that can be among the two
   * nearest students are measured exactly, in float.
   */
  nearestTwo(probe: ArrayLike<number>): { studentIndex: number; distance: number; secondDistance: number } {
    const { vectors, owners, kernel } = this;
    const exact = new TopTwo();
    if (!kernel) {
      for (let t = 0; t < owners.length; t++) exact.offer(owners[t], exactSq(vectors, t * DESCRIPTOR_LENGTH, probe));
    } else {
      const probeError = encode(probe, kernel.probe);
      // The two students nearest by code distance are, exactly, no farther than the second
      // of them plus the error bounds, so the exact second-best is within that; a template
      // whose code distance exceeds it by the error bounds again cannot be among the two nearest.
      const second = kernel.run();
      const slack = this.maxCodeError + probeError;
      const reach = (Math.sqrt(second) / CODE_SCALE + 2 * slack) * CODE_SCALE;
      const limit = second === 0x7fffffff ? 0x7fffffff : Math.min(0x7fffffff, Math.floor(reach * reach));
      for (const t of kernel.collect(limit)) exact.offer(owners[t], exactSq(vectors, t * DESCRIPTOR_LENGTH, probe));
    }
    return { studentIndex: exact.best, distance: Math.sqrt(exact.bestValue), secondDistance: Math.sqrt(exact.secondValue) };
  }
}

/** The two nearest distinct students of a probe, from each student's nearest template. */
export function nearestTwo(gallery: Gallery, probe: ArrayLike<number>) {
  return gallery.nearestTwo(probe);
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

export { euclidean } from "./geometry";

/** 128 float32 values as bytes (little-endian), for the database; and back. */
export function descriptorToBytes(descriptor: ArrayLike<number>): Uint8Array<ArrayBuffer> {
  const f = Float32Array.from(descriptor);
  return new Uint8Array(f.buffer);
}

export function bytesToDescriptor(bytes: Uint8Array): Float32Array {
  if (bytes.byteLength !== DESCRIPTOR_LENGTH * 4)
    throw new Error(`A template has ${bytes.byteLength} bytes, not ${DESCRIPTOR_LENGTH * 4}.`);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}
