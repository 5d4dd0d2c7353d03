import { z } from "zod";
import { optionalText, personName } from "./form";

export const studentSchema = z.object({
  identifier: z
    .string()
    .trim()
    .min(1, { message: "Enter the student's identifier (e.g. S1234)." })
    .max(64)
    .regex(/^[A-Za-z0-9._-]+$/, { message: "The identifier may use letters, digits, '.', '_' and '-' only." }),
  givenName: personName("given name"),
  familyName: personName("family name"),
  preferredName: optionalText(100),
});
export type StudentInput = z.infer<typeof studentSchema>;

/** The students list's filters, sorting and page, from the URL: anything malformed is ignored. */
export const studentListQuery = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  class: z.string().max(64).optional().catch(undefined),
  /** WITHOUT: none recorded or withdrawn, everyone who may not be processed by face. */
  consent: z.enum(["NONE", "GRANTED", "WITHDRAWN", "WITHOUT"]).optional().catch(undefined),
  faces: z.enum(["with", "without", "needs-new"]).optional().catch(undefined),
  status: z.enum(["ACTIVE", "ARCHIVED"]).optional().catch(undefined),
  sort: z.enum(["name", "identifier", "consent", "photos"]).optional().catch(undefined),
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});
export type StudentListQuery = z.infer<typeof studentListQuery>;

export const consentChoiceSchema = z.object({ identifier: z.string().min(1).max(64), consent: z.enum(["GRANTED", "WITHDRAWN"]) });
