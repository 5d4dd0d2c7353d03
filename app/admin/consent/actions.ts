"use server";

import { revalidatePath } from "next/cache";
import { identifiersFromCsv, setConsent, UnknownStudentsError, type ConsentChange } from "@/lib/consent";
import { db } from "@/lib/db";
import { adminActor } from "@/lib/auth/current-user";
import { formOf } from "@/lib/validations/form";

export type BulkConsentState = { ok: boolean; message: string; changes?: ConsentChange[] } | null;

export async function bulkConsentAction(_prev: BulkConsentState, form: FormData): Promise<BulkConsentState> {
  form = formOf(form);
  const admin = await adminActor();
  if (!admin) return { ok: false, message: "Only admins can record consent." };
  const to = form.get("consent");
  const file = form.get("file");
  if ((to !== "GRANTED" && to !== "WITHDRAWN") || !(file instanceof File) || file.size === 0)
    return { ok: false, message: "Choose a CSV file of student identifiers and whether consent was granted or withdrawn." };
  if (file.size > 5 * 2 ** 20) return { ok: false, message: "The file is larger than 5 MB." };
  let keys: string[];
  try {
    keys = identifiersFromCsv(new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer()));
  } catch (e) {
    return { ok: false, message: `Not a readable UTF-8 CSV file (${(e as Error).message}).` };
  }
  if (keys.length === 0) return { ok: false, message: "The file lists no students." };
  try {
    const changes = await setConsent(db, keys, to, admin.actor);
    revalidatePath("/admin", "layout");
    const changed = changes.filter((c) => c.changed).length;
    return {
      ok: true,
      message: `${changed} changed, ${changes.length - changed} already ${to === "GRANTED" ? "granted" : "withdrawn"}.`,
      changes,
    };
  } catch (e) {
    if (e instanceof UnknownStudentsError) return { ok: false, message: e.message };
    throw e;
  }
}
