// Matching rules: when a descriptor counts as a student. Shipped defaults chosen on the LFW
// calibration set (300 people enrolled as one school, classes of 30, 600 never-enrolled people;
// `npm run bench -- accuracy`, README "Matching rules and why"): threshold 0.50 and margin 0.04 are the
// rules with the most class members marked correctly (91.1%, one frame) among those that mark
// no one as another class member, no student of another class, and at most 0.5% of
// never-enrolled people (0.37%). A school with enough photos calibrates its own (Matching page,
// `npm run cli -- calibrate`): on the same set, a 1-in-1,000 target gives 0.495.
import { z } from "zod";

export const matchingRulesSchema = z
  .object({
    /** Largest euclidean distance that can be a match (face_recognition uses 0.6, which lets strangers in). */
    threshold: z.number().min(0.2).max(1).default(0.5),
    /** The best student must beat the best *different* student by at least this much, else "ambiguous". */
    minMargin: z.number().min(0).max(0.5).default(0.04),
    /** Of the last `framesWindow` frames of one tracked face, this many must match the same student. */
    framesRequired: z.int().min(1).max(10).default(2),
    framesWindow: z.int().min(1).max(10).default(3),
  })
  .refine((r) => r.framesRequired <= r.framesWindow, { message: "framesRequired must not exceed framesWindow." });

export type MatchingRules = z.infer<typeof matchingRulesSchema>;

export const DEFAULT_RULES: MatchingRules = Object.freeze(matchingRulesSchema.parse({}));

/** Rules stored in the school's settings (possibly partial or null), over the defaults. */
export function resolveRules(stored: unknown): MatchingRules {
  const parsed = matchingRulesSchema.safeParse(stored ?? {});
  if (!parsed.success) throw new Error(`Invalid matching rules in settings: ${parsed.error.issues.map((i) => i.message).join(" ")}`);
  return parsed.data;
}
