"use server";

import { db } from "@/lib/db";
import { applyRosterImport, previewRosterImport } from "@/lib/roster/import";
import { RosterImportError, type RosterPlan } from "@/lib/roster/plan";
import { decodeUtf8, rosterFilesFromZip, RosterSourceError } from "@/lib/roster/sources";
import { adminAction } from "@/app/server-action";
import { count } from "@/lib/text";

/** What the import page shows: the plan, as a preview or as applied (on failure: its row errors). */
export type ImportOutcome = { stage: "preview" | "unchanged" | "applied" | "error"; plan: RosterPlan };

/** The roster files of an upload: several CSV files, or one zip. */
async function filesOf(form: FormData): Promise<Record<string, string>> {
  const uploads = form.getAll("files").filter((f): f is File => f instanceof File && f.size > 0);
  if (uploads.length === 0) throw new RosterSourceError("Choose users.csv, classes.csv and enrollments.csv, or a zip holding them.");
  if (uploads.length === 1 && /\.zip$/i.test(uploads[0].name)) return rosterFilesFromZip(new Uint8Array(await uploads[0].arrayBuffer()));
  const out: Record<string, string> = {};
  for (const f of uploads) out[f.name.toLowerCase()] = decodeUtf8(f.name, new Uint8Array(await f.arrayBuffer()));
  return out;
}

export const rosterImportAction = adminAction<ImportOutcome>(
  async (form, { actor }) => {
    const files = await filesOf(form);
    if (form.get("apply") !== "true") {
      const plan = await previewRosterImport(db, files);
      return plan.errors.length
        ? {
            ok: false,
            message: `The roster has ${plan.errors.length} error(s). Fix them in the export and upload it again; nothing was imported.`,
            data: { stage: "error", plan },
          }
        : plan.changes.length === 0
          ? { ok: true, message: "Nothing to change: Rollcall already matches this export.", data: { stage: "unchanged", plan } }
          : { ok: true, message: "Check the changes below, then apply them.", data: { stage: "preview", plan } };
    }
    try {
      const plan = await applyRosterImport(db, files, actor);
      return {
        ok: true,
        message: plan.changes.length
          ? `Imported ${count(plan.changes.length, "change")}.`
          : "Nothing to change: Rollcall already matches this export.",
        data: { stage: "applied", plan },
      };
    } catch (e) {
      if (e instanceof RosterImportError)
        return {
          ok: false,
          message: e.message,
          data: { stage: "error", plan: { errors: e.errors, changes: [], summary: {} as RosterPlan["summary"], notices: [] } },
        };
      throw e;
    }
  },
  { revalidate: "/admin" },
);
