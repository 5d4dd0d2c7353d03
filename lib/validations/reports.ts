// A report's date range, from a URL or the CLI: real dates, in order, at most a bit over a year.
import { z } from "zod";

/** A real calendar date written YYYY-MM-DD (a local date in the school's zone). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "Dates are YYYY-MM-DD." })
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), {
    message: "Not a real date.",
  });

export const MAX_RANGE_DAYS = 400;

export const rangeSchema = z
  .object({ from: isoDate, to: isoDate })
  .refine((r) => r.from <= r.to, { message: "The start date must not be after the end date." })
  .refine((r) => (Date.parse(r.to) - Date.parse(r.from)) / 86_400_000 <= MAX_RANGE_DAYS, {
    message: `Choose a range of at most ${MAX_RANGE_DAYS} days.`,
  });

export type DateRange = z.infer<typeof rangeSchema>;
