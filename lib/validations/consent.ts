// Consent input: the value a consent file's row says, how a file is read, the class tick list.
import { z } from "zod";

/** A consent file's cell: granted, withdrawn or none (any case, trimmed). `none` never changes anything. */
export const consentCellSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(["granted", "withdrawn", "none"], { message: "write granted, withdrawn or none" }));
export type ConsentCell = z.infer<typeof consentCellSchema>;

/** How a consent file is read: by its consent column, or the same for every student it lists. */
export const consentModeSchema = z.enum(["file", "GRANTED", "WITHDRAWN"], { message: "Choose what the file records." });

/** The hash of a previewed plan, which Apply sends back (lib/consent/import.ts). */
export const consentPlanHashSchema = z.string().regex(/^[0-9a-f]{64}$/, { message: "Preview the file first." });

/** The class tick list: the ticked students, after the admin's second, explicit confirmation. */
export const classConsentSchema = z.object({
  identifiers: z
    .array(z.string().trim().min(1).max(64))
    .min(1, { message: "Tick at least one student." })
    .max(2000, { message: "Tick at most 2000 students at once." }),
  confirmed: z.literal("true", { message: "Confirm the students first." }),
});
