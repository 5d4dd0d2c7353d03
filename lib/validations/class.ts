import { z } from "zod";
import { optionalText } from "./form";

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: "Use a time like 08:30." });
export const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

export const classSchema = z.object({
  code: z
    .string()
    .trim()
    .min(1, { message: "Enter a class code." })
    .max(40)
    .regex(/^[A-Za-z0-9._-]+$/, { message: "The code may use letters, digits, '.', '_' and '-' only." }),
  title: z.string().trim().min(1, { message: "Enter a title." }).max(120),
  room: optionalText(60),
  tardyMinutes: z
    .union([z.literal("").transform(() => null), z.coerce.number().int().min(0, { message: "Tardy minutes must be 0 or more." }).max(240)])
    .optional()
    .transform((v) => v ?? null),
  /** The kiosk's liveness check: "SCHOOL" follows the school's default (stored as null); absent leaves it as it is. */
  liveness: z
    .enum(["SCHOOL", "OFF", "HEAD_TURN"], { message: "Choose the school default, off or head turn." })
    .optional()
    .transform((v) => (v === "SCHOOL" ? null : v)),
});

/** One meeting time on one or more weekdays (Mon–Fri 08:00–08:50 is one entry); ISO weekdays 1–7. */
export const meetingSchema = z
  .object({
    weekdays: z
      .array(z.coerce.number().int().min(1).max(7))
      .min(1, { message: "Tick at least one day." })
      .max(7)
      .transform((days) => [...new Set(days)].sort()),
    start: time,
    end: time,
  })
  .refine((m) => minutesOf(m.end) > minutesOf(m.start), { message: "The end must be after the start.", path: ["end"] });

const isoDate = z
  .union([z.literal("").transform(() => null), z.iso.date({ message: "Use a date like 2026-09-01." })])
  .optional()
  .transform((v) => v ?? null);
export const enrollmentSchema = z
  .object({
    identifier: z.string().trim().min(1, { message: "Enter the student's identifier." }).max(64),
    beginDate: isoDate,
    endDate: isoDate,
  })
  .refine((e) => !e.beginDate || !e.endDate || e.endDate >= e.beginDate, {
    message: "The end date is before the begin date.",
    path: ["endDate"],
  });
