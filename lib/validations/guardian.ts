import { z } from "zod";
import { optionalText, personName } from "./form";

/** A guardian as an admin enters one: an email is optional (without one, no notices). */
export const guardianSchema = z.object({
  givenName: personName("given name"),
  familyName: personName("family name"),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254)
    .optional()
    .transform((v) => v || null)
    .pipe(z.email({ message: "Enter an email address such as parent@example.org, or leave it empty." }).nullable()),
  language: optionalText(35).pipe(
    z
      .string()
      .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/, { message: "A language is a tag such as en, de or pt-BR." })
      .nullable(),
  ),
});
export type GuardianInput = z.infer<typeof guardianSchema>;
