import { z } from "zod";

const name = (label: string) =>
  z
    .string()
    .trim()
    .min(1, { message: `Enter the ${label}.` })
    .max(100, { message: `The ${label} is too long.` });

export const studentSchema = z.object({
  identifier: z
    .string()
    .trim()
    .min(1, { message: "Enter the student's identifier (e.g. S1234)." })
    .max(64)
    .regex(/^[A-Za-z0-9._-]+$/, { message: "The identifier may use letters, digits, '.', '_' and '-' only." }),
  givenName: name("given name"),
  familyName: name("family name"),
  preferredName: z
    .string()
    .trim()
    .max(100)
    .optional()
    .transform((v) => v || null),
});
export type StudentInput = z.infer<typeof studentSchema>;
