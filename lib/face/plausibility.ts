// Is this what a camera frame of a real face gives? Kiosk descriptors come from a screen that
// anyone holding its cookie can imitate. Made-up descriptors, above all averages of a few
// strangers' descriptors, landed within the threshold of enrolled students; real descriptors
// have a shape those lack (measured in descriptor-stats.ts: no real face lies nearer than 0.386 to
// the population mean, while averages of 3 people lie at 0.325 in the median). Frames of one
// tracked face differ by camera noise: identical frames, or frames of different people, are not
// a face in front of a camera. What this cannot stop: a descriptor computed from a real photo of
// the student (liveness is for that).
import { DESCRIPTOR_MEAN } from "./descriptor-stats";
import { DESCRIPTOR_LENGTH } from "./types";
import { euclidean as distance } from "./geometry";

export const PLAUSIBILITY = {
  /** Every value; real faces span −0.49…0.56. */
  maxAbsValue: 0.75,
  /** Euclidean norm; real faces 1.22–1.64. */
  minNorm: 1.1,
  maxNorm: 1.8,
  /** Distance to the population mean; real faces ≥ 0.386 (LFW) and ≥ 0.438 (fixtures). */
  minToMean: 0.36,
  /** Consecutive frames of one track: at least this far apart (a camera is never noise-free) … */
  minFrameStep: 0.001,
  /** … and no farther than this (beyond most same-person photo pairs: another face). */
  maxFrameStep: 0.6,
};

export type Implausible = "value_range" | "norm" | "near_mean" | "identical_frames" | "frames_apart";

/** Why one descriptor is not a real face's, or null when it is plausible. */
export function implausibleDescriptor(d: ArrayLike<number>, rules = PLAUSIBILITY): Implausible | null {
  let normSq = 0;
  for (let i = 0; i < DESCRIPTOR_LENGTH; i++) {
    if (!(Math.abs(d[i]) <= rules.maxAbsValue)) return "value_range";
    normSq += d[i] * d[i];
  }
  const norm = Math.sqrt(normSq);
  if (norm < rules.minNorm || norm > rules.maxNorm) return "norm";
  if (distance(d, DESCRIPTOR_MEAN) < rules.minToMean) return "near_mean";
  return null;
}

/** Why the frames of one tracked face are not a real face in front of a camera, or null. */
export function implausibleTrack(frames: ArrayLike<number>[], rules = PLAUSIBILITY): Implausible | null {
  for (const f of frames) {
    const why = implausibleDescriptor(f, rules);
    if (why) return why;
  }
  for (let i = 1; i < frames.length; i++) {
    const step = distance(frames[i - 1], frames[i]);
    if (step < rules.minFrameStep) return "identical_frames";
    if (step > rules.maxFrameStep) return "frames_apart";
  }
  return null;
}
