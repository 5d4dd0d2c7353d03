"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { setConsent, UnknownStudentsError } from "@/lib/consent";
import { db } from "@/lib/db";
import { deleteEnrollmentPhoto, storeEnrollmentPhoto, type StoreResult } from "@/lib/photos";
import { setStudentPin } from "@/lib/attendance/pin";
import { asAdmin, NOT_ALLOWED } from "@/app/admin/admin-action";
import { adminActor } from "@/lib/auth/current-user";
import { createStudent, setStudentArchived, updateStudent, type ActionResult } from "@/lib/students";
import { formOf } from "@/lib/validations/form";

const id = z.string().min(1).max(64);
const STUDENTS = "/admin/students";

function studentFields(form: FormData) {
  return {
    identifier: form.get("identifier"),
    givenName: form.get("givenName"),
    familyName: form.get("familyName"),
    preferredName: form.get("preferredName") ?? undefined,
  };
}

export async function createStudentAction(
  _prev: ActionResult<{ id: string }> | null,
  form: FormData,
): Promise<ActionResult<{ id: string }>> {
  form = formOf(form);
  const admin = await adminActor();
  if (!admin) return NOT_ALLOWED;
  const result = await createStudent(db, studentFields(form), admin.actor);
  if (result.ok) revalidatePath("/admin/students");
  return result;
}

export async function updateStudentAction(_prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  form = formOf(form);
  return asAdmin(form, "id", STUDENTS, (studentId, actor) => updateStudent(db, studentId, studentFields(form), actor));
}

export async function archiveStudentAction(_prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  form = formOf(form);
  return asAdmin(form, "id", STUDENTS, (studentId, actor) => setStudentArchived(db, studentId, form.get("archive") === "true", actor));
}

export async function setConsentAction(_prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  form = formOf(form);
  const admin = await adminActor();
  if (!admin) return NOT_ALLOWED;
  const identifier = z.string().min(1).max(64).safeParse(form.get("identifier"));
  const to = z.enum(["GRANTED", "WITHDRAWN"]).safeParse(form.get("consent"));
  if (!identifier.success || !to.success) return { ok: false, message: "Choose granted or withdrawn." };
  try {
    const [change] = await setConsent(db, [identifier.data], to.data, admin.actor);
    revalidatePath("/admin/students", "layout");
    const purge =
      change.photosDeleted || change.templatesDeleted
        ? ` Deleted ${change.photosDeleted} photos and ${change.templatesDeleted} face templates.`
        : "";
    return { ok: true, message: `Consent ${to.data === "GRANTED" ? "granted" : "withdrawn"} for ${change.name}.${purge}` };
  } catch (e) {
    if (e instanceof UnknownStudentsError) return { ok: false, message: e.message };
    throw e;
  }
}

/** Stores one photo with the descriptor computed in the browser; everything is checked again. */
export async function enrollPhotoAction(form: FormData): Promise<StoreResult | { ok: false; reason: "forbidden"; message: string }> {
  form = formOf(form);
  const admin = await adminActor();
  if (!admin) return { ok: false, reason: "forbidden", message: NOT_ALLOWED.message };
  const studentId = id.safeParse(form.get("studentId"));
  const photo = form.get("photo");
  if (!studentId.success || !(photo instanceof File))
    return { ok: false, reason: "invalid", message: "A photo and a student are required." };
  let face: unknown;
  try {
    face = JSON.parse(String(form.get("face") ?? "null"));
  } catch {
    return { ok: false, reason: "invalid", message: "The face data is not valid." };
  }
  const result = await storeEnrollmentPhoto(
    db,
    { studentId: studentId.data, bytes: new Uint8Array(await photo.arrayBuffer()), face },
    admin.actor,
    {
      allowLookAlike: form.get("allowLookAlike") === "true",
    },
  );
  if (result.ok) revalidatePath(`/admin/students/${studentId.data}`);
  return result;
}

export async function deletePhotoAction(_prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  form = formOf(form);
  return asAdmin(form, "photoId", STUDENTS, async (photoId, actor) =>
    (await deleteEnrollmentPhoto(db, photoId, actor))
      ? { ok: true, message: "Photo and its face template deleted." }
      : { ok: false, message: "That photo was deleted already." },
  );
}

export async function setPinAction(_prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  form = formOf(form);
  const remove = form.get("remove") === "true";
  return asAdmin(form, "id", STUDENTS, async (studentId, actor) => {
    const result = await setStudentPin(db, studentId, remove ? null : String(form.get("pin") ?? ""), actor);
    return result.ok ? { ok: true, message: remove ? "PIN removed." : "PIN set. Give it to the student privately." } : result;
  });
}
