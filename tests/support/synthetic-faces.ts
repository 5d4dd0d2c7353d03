// Made-up descriptors shaped like real ones (lib/face/plausibility.ts refuses anything else at a
// kiosk): the population mean plus a random direction at the distance real faces lie from it.
// Two such faces are ~0.79 apart (strangers); camera frames of one face add a little noise.
import { DESCRIPTOR_MEAN } from "@/lib/face/descriptor-stats";

/** Seeded standard normal samples (mulberry32 + Box–Muller). */
export function gaussian(seed: number): () => number {
  let s = seed >>> 0;
  const u = () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

/** Distance of a synthetic face from the population mean (real faces: median 0.56). */
export const SYNTHETIC_RADIUS = 0.56;

/** A face of a made-up person, one per seed. */
export function syntheticFace(seed: number, radius = SYNTHETIC_RADIUS): number[] {
  const g = gaussian(seed * 7919 + 17);
  const dir = DESCRIPTOR_MEAN.map(() => g());
  const len = Math.hypot(...dir);
  return DESCRIPTOR_MEAN.map((m, i) => m + (radius * dir[i]) / len);
}

/** `face` moved by `distance` in a random direction (seeded): a look-alike, or a probe between two faces. */
export function nudge(face: number[], distance: number, seed: number): number[] {
  const g = gaussian(seed * 104729 + 3);
  const dir = face.map(() => g());
  const len = Math.hypot(...dir);
  return face.map((v, i) => v + (distance * dir[i]) / len);
}

/** One camera frame of a face: per-value noise σ (0.004 ≈ 0.045 apart from the face). */
export function cameraFrame(face: number[], seed: number, sigma = 0.004): number[] {
  const g = gaussian(seed * 31 + 5);
  return face.map((v) => v + sigma * g());
}

/** `n` frames of a face, as a kiosk sends them. */
export function frames(face: number[], n: number, seed = 1, sigma = 0.004): number[][] {
  return Array.from({ length: n }, (_, i) => cameraFrame(face, seed * 100 + i, sigma));
}
