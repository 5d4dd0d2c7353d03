// The school calendar's input: a closure as a form or a CSV row gives it.
import { z } from "zod";
import { isoDate } from "./reports";

/** Longest closure accepted in one entry: a summer holiday is about 10 weeks. */
export const MAX_CLOSURE_DAYS = 120;

export const closureSchema = z
  .object({
    startDate: isoDate,
    /** Empty: a single day. */
    endDate: z.preprocess((v) => (v === "" || v == null ? undefined : v), isoDate.optional()),
    reason: z
      .string({ message: "Say why there is no school (e.g. Thanksgiving)." })
      .trim()
      .min(1, { message: "Say why there is no school (e.g. Thanksgiving)." })
      .max(100, { message: "Keep the reason under 100 characters." }),
  })
  .transform((c) => ({ ...c, endDate: c.endDate ?? c.startDate }))
  .refine((c) => c.startDate <= c.endDate, { message: "The last day must not be before the first.", path: ["endDate"] })
  .refine((c) => (Date.parse(c.endDate) - Date.parse(c.startDate)) / 86_400_000 < MAX_CLOSURE_DAYS, {
    message: `One entry covers at most ${MAX_CLOSURE_DAYS} days: split longer breaks.`,
    path: ["endDate"],
  });

export type ClosureInput = z.infer<typeof closureSchema>;
