// Input of guardian notices: the school's wording, its settings, the mail server from the
// environment, the Notices page's filters.
import { z } from "zod";
import type { NoticeStatus } from "@/lib/generated/prisma/enums";
import { PLACEHOLDER, PLACEHOLDERS } from "@/lib/notices/template";

function unknownPlaceholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]).filter((name) => !(PLACEHOLDERS as readonly string[]).includes(name));
}

const known = (text: string) => unknownPlaceholders(text).length === 0;
const unknownMessage = (text: string) =>
  `Unknown placeholder ${unknownPlaceholders(text)
    .map((p) => `{{${p}}}`)
    .join(", ")}: use ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(", ")}.`;

/** The template as an admin edits it. The body must list the classes: that is what a notice is for. */
export const noticeTemplateSchema = z.object({
  subject: z
    .string()
    .trim()
    .min(1, { message: "The subject is empty." })
    .max(200, { message: "The subject is longer than 200 characters." })
    .refine((s) => !/[\r\n]/.test(s), { message: "The subject must be one line." })
    .superRefine((s, ctx) => {
      if (!known(s)) ctx.addIssue({ code: "custom", message: unknownMessage(s) });
    })
    .refine((s) => !s.includes("{{classes}}"), { message: "{{classes}} belongs in the body, not the subject." }),
  body: z
    .string()
    .trim()
    .min(1, { message: "The body is empty." })
    .max(5000, { message: "The body is longer than 5,000 characters." })
    .superRefine((s, ctx) => {
      if (!known(s)) ctx.addIssue({ code: "custom", message: unknownMessage(s) });
    })
    .refine((s) => /\{\{\s*classes\s*\}\}/.test(s), { message: "The body must contain {{classes}}: the list of classes missed." }),
});

/** The school's notice settings as the Notices page sends them. */
export const noticeSettingsSchema = z.object({
  enabled: z.boolean(),
  /** "HH:MM" or empty for "as sessions close". */
  sendTime: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || null)
    .pipe(
      z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: "Enter a time such as 10:00, or leave it empty to send as sessions close." })
        .nullable(),
    ),
  // Required: a form without it (a caller that bypasses the page) is refused, not read as 0.
  delayMinutes: z.preprocess(
    (v) => (v === null || v === "" ? undefined : v),
    z.coerce
      .number({ message: "Enter a number of minutes." })
      .int({ message: "Enter whole minutes." })
      .min(0, { message: "The wait cannot be negative." })
      .max(240, { message: "The wait is at most 240 minutes (4 hours)." }),
  ),
  excused: z.boolean(),
  tardy: z.boolean(),
  corrections: z.boolean(),
});

export const smtpUrlSchema = z
  .string()
  .trim()
  .url({ message: "ROLLCALL_SMTP_URL must be a URL such as smtp://user:password@mail.school.lan:587." })
  .refine((u) => /^smtps?:\/\//i.test(u), { message: "ROLLCALL_SMTP_URL must start with smtp:// or smtps://." });
export const mailFromSchema = z
  .string()
  .trim()
  .email({ message: "ROLLCALL_MAIL_FROM must be an email address, e.g. attendance@school.lan." });

export const NOTICE_STATUSES = ["PENDING", "SENDING", "SENT", "FAILED", "CANCELLED"] as const satisfies readonly NoticeStatus[];

/** The page's filters from the URL: anything malformed is ignored. */
export const noticeListQuery = z.object({
  status: z.enum(NOTICE_STATUSES).optional().catch(undefined),
  date: z.iso.date().optional().catch(undefined),
});
export type NoticeListQuery = z.infer<typeof noticeListQuery>;
