"use server";

import { setConsent, type ConsentChange } from "@/lib/consent";
import { applyConsentImport, planConsentImport, type ConsentPlan } from "@/lib/consent/import";
import { db } from "@/lib/db";
import { now } from "@/lib/clock";
import { count } from "@/lib/text";
import { classConsentSchema, consentModeSchema, consentPlanHashSchema } from "@/lib/validations/consent";
import { adminAction } from "@/app/server-action";

const MAX_CONSENT_CSV_BYTES = 5 * 2 ** 20;

/** What the consent upload shows: the plan, as a preview or as applied (on failure: its row errors). */
export type ConsentImportOutcome = { stage: "preview" | "unchanged" | "applied" | "error"; plan: ConsentPlan };

/** Upload → preview (writes nothing); Apply (with the preview's hash) → exactly that plan, or nothing. */
export const consentImportAction = adminAction<ConsentImportOutcome>(
  async (form, { actor }) => {
    const mode = consentModeSchema.safeParse(form.get("mode"));
    const file = form.get("file");
    if (!mode.success || !(file instanceof File) || file.size === 0)
      return { ok: false, message: "Choose a CSV file of students and what it records." };
    if (file.size > MAX_CONSENT_CSV_BYTES) return { ok: false, message: "The file is larger than 5 MB." };
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
    } catch {
      return { ok: false, message: "The file is not UTF-8 text. Save it from the spreadsheet as CSV UTF-8." };
    }
    if (form.get("apply") !== "true") {
      const plan = await planConsentImport(db, text, mode.data);
      if (plan.errors.length)
        return {
          ok: false,
          message: `The file has ${count(plan.errors.length, "error")}. Fix the file and upload it again; nothing was changed.`,
          data: { stage: "error", plan },
        };
      return plan.changed === 0
        ? { ok: true, message: "Nothing to change: consent already matches this file.", data: { stage: "unchanged", plan } }
        : { ok: true, message: "Check the changes below, then apply them.", data: { stage: "preview", plan } };
    }
    const hash = consentPlanHashSchema.safeParse(form.get("hash"));
    if (!hash.success) return { ok: false, message: hash.error.issues[0].message };
    // Errors (a stale plan, rows that went bad) are InputErrors: the action answers their message.
    const plan = await applyConsentImport(db, text, mode.data, actor, now(), "csv", hash.data);
    return {
      ok: true,
      message: `Recorded: ${plan.changed} changed, ${plan.unchanged} unchanged.`,
      data: { stage: "applied", plan },
    };
  },
  { revalidate: "/admin" },
);

/** The class tick list: consent granted for the ticked students, after the second confirmation. */
export const classConsentAction = adminAction<{ changes: ConsentChange[] }>(
  async (form, { actor }) => {
    const input = classConsentSchema.safeParse({ identifiers: form.getAll("identifier"), confirmed: form.get("confirmed") });
    if (!input.success) return { ok: false, message: input.error.issues[0].message };
    const changes = await setConsent(db, input.data.identifiers, "GRANTED", actor, now(), "class list");
    const changed = changes.filter((c) => c.changed).length;
    return {
      ok: true,
      message: `Consent granted recorded for ${count(changed, "student")}${changed < changes.length ? ` (${changes.length - changed} already granted)` : ""}.`,
      data: { changes },
    };
  },
  { revalidate: "/admin" },
);
