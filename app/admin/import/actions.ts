"use server";

import { revalidatePath } from "next/cache";
import { db } from "@/lib/db";
import { applyRosterImport, previewRosterImport, RosterImportError, type RosterPlan } from "@/lib/roster/import";
import { decodeUtf8, rosterFilesFromZip, RosterSourceError } from "@/lib/roster/sources";
import { adminActor } from "@/lib/auth/current-user";
import { formOf } from "@/lib/validations/form";

export type ImportState = { stage: "preview" | "applied" | "error"; message: string; plan?: RosterPlan } | null;

/** The roster files of an upload: several CSV files, or one zip. */
async function filesOf(form: FormData): Promise<Record<string, string>> {
  const uploads = form.getAll("files").filter((f): f is File => f instanceof File && f.size > 0);
  if (uploads.length === 0) throw new RosterSourceError("Choose users.csv, classes.csv and enrollments.csv, or a zip holding them.");
  if (uploads.length === 1 && /\.zip$/i.test(uploads[0].name)) return rosterFilesFromZip(new Uint8Array(await uploads[0].arrayBuffer()));
  const out: Record<string, string> = {};
  for (const f of uploads) out[f.name.toLowerCase()] = decodeUtf8(f.name, new Uint8Array(await f.arrayBuffer()));
  return out;
}

export async function rosterImportAction(_prev: ImportState, form: FormData): Promise<ImportState> {
  form = formOf(form);
  const admin = await adminActor();
  if (!admin) return { stage: "error", message: "Only admins can import a roster." };
  let files;
  try {
    files = await filesOf(form);
  } catch (e) {
    if (e instanceof RosterSourceError) return { stage: "error", message: e.message };
    throw e;
  }
  if (form.get("apply") !== "true") {
    const plan = await previewRosterImport(db, files);
    return plan.errors.length
      ? {
          stage: "error",
          message: `The roster has ${plan.errors.length} error(s). Fix them in the export and upload it again; nothing was imported.`,
          plan,
        }
      : { stage: "preview", message: "Check the changes below, then apply them.", plan };
  }
  try {
    const plan = await applyRosterImport(db, files, admin.actor);
    revalidatePath("/admin", "layout");
    return {
      stage: "applied",
      message: plan.changes.length
        ? `Imported ${plan.changes.length} changes.`
        : "Nothing to change: Rollcall already matches this export.",
      plan,
    };
  } catch (e) {
    if (e instanceof RosterImportError)
      return {
        stage: "error",
        message: e.message,
        plan: { errors: e.errors, changes: [], summary: {} as RosterPlan["summary"], notices: [] },
      };
    throw e;
  }
}
