import { z } from "zod";

/**
 * A form action's FormData argument as it arrived. A caller that bypasses the page can send
 * anything (a string, a number, an object); that becomes an empty form, which every action
 * then refuses with its usual answer for missing fields instead of throwing.
 */
export function formOf(value: unknown): FormData {
  return value instanceof FormData ? value : new FormData();
}

/** A record's id as a form or a caller names it (cuid or uuid; bounded). */
export const recordIdSchema = z.string().min(1).max(64);

/** An optional text field: trimmed, at most `max` characters, null when left empty. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => v || null);

/** A person's given or family name as a form sends it: trimmed, required, at most 100 characters. */
export const personName = (label: string) =>
  z
    .string()
    .trim()
    .min(1, { message: `Enter the ${label}.` })
    .max(100, { message: `The ${label} is too long.` });
