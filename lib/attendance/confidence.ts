// How sure a face match was, as a word a teacher reads (never the score itself).
import type { MatchingRules } from "@/lib/face/rules";

/** Distances this far or more inside the threshold are "high" confidence; closer to it, "borderline". */
export const BORDERLINE_BAND = 0.08;

export type Confidence = "high" | "borderline";

/** A label for a face match that tells a teacher how sure it was, without showing the score. */
export function confidenceOf(distance: number | null, rules: MatchingRules): Confidence | null {
  if (distance === null) return null;
  return distance <= rules.threshold - BORDERLINE_BAND ? "high" : "borderline";
}
