// Matching rules: when a descriptor counts as a student. Defaults chosen from
// measurements on the test fixtures (README, "Face matching"): with mirror-averaged
// descriptors, the worst same-person best distance was 0.49 on ID crops and 0.52 in
// group photos (false beards), the nearest stranger 0.64; the smallest true margin
// 0.07, a blurred background stranger's margin 0.005.
import { z } from "zod";

export const matchingRulesSchema = z
  .object({
    /** Largest euclidean distance that can be a match (face_recognition uses 0.6, which lets strangers in). */
    threshold: z.number().min(0.2).max(1).default(0.55),
    /** The best student must beat the best *different* student by at least this much, else "ambiguous". */
    minMargin: z.number().min(0).max(0.5).default(0.05),
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
