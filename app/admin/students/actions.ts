"use server";

import { setConsent } from "@/lib/consent";
import { db } from "@/lib/db";
import { deleteEnrollmentPhoto, storeEnrollmentPhoto, type StoreResult } from "@/lib/photos";
import { setStudentPin } from "@/lib/attendance/pin";
import { adminAction, MISSING_RECORD, NOT_ALLOWED, onRecord, recordId } from "@/app/server-action";
import { addGuardian, clearOptOut, setDoNotContact, unlinkGuardian, updateGuardian } from "@/lib/guardians";
import { adminActor } from "@/app/current-user";
import { createStudent, setStudentArchived, updateStudent } from "@/lib/students";
import { formOf } from "@/lib/validations/form";
import { revalidatePath } from "next/cache";
import { consentChoiceSchema } from "@/lib/validations/student";
import { count } from "@/lib/text";
import { now } from "@/lib/clock";
import { notFound } from "@/lib/result";

const STUDENTS = { revalidate: "/admin/students" };

function studentFields(form: FormData) {
  return {
    identifier: form.get("identifier"),
    givenName: form.get("givenName"),
    familyName: form.get("familyName"),
    preferredName: form.get("preferredName") ?? undefined,
  };
}

export const createStudentAction = adminAction((form, { actor }) => createStudent(db, studentFields(form), actor), STUDENTS);

export const updateStudentAction = adminAction(
  onRecord("id", (studentId, form, { actor }) => updateStudent(db, studentId, studentFields(form), actor)),
  STUDENTS,
);

export const archiveStudentAction = adminAction(
  onRecord("id", (studentId, form, { actor }) => setStudentArchived(db, studentId, form.get("archive") === "true", actor, now())),
  STUDENTS,
);

export const setConsentAction = adminAction(async (form, { actor }) => {
  const choice = consentChoiceSchema.safeParse({ identifier: form.get("identifier"), consent: form.get("consent") });
  if (!choice.success) return { ok: false, message: "Choose granted or withdrawn." };
  const [change] = await setConsent(db, [choice.data.identifier], choice.data.consent, actor);
  const purge =
    change.photosDeleted || change.templatesDeleted
      ? ` Deleted ${count(change.photosDeleted, "photo")} and ${count(change.templatesDeleted, "face template")}.`
      : "";
  return { ok: true, message: `Consent ${choice.data.consent === "GRANTED" ? "granted" : "withdrawn"} for ${change.name}.${purge}` };
}, STUDENTS);

/**
 * Stores one photo; the server runs the face pipeline on it again, and the browser's descriptor
 * is kept only where it agrees (lib/photos). Called from the photo pages' script (not a form), so
 * it answers the photo store's own result.
 */
export async function enrollPhotoAction(form: FormData): Promise<StoreResult | { ok: false; reason: "forbidden"; message: string }> {
  form = formOf(form);
  const admin = await adminActor();
  if (!admin) return { ok: false, reason: "forbidden", message: NOT_ALLOWED.message };
  const studentId = recordId(form, "studentId");
  const photo = form.get("photo");
  if (!studentId || !(photo instanceof File)) return { ok: false, reason: "invalid", message: "A photo and a student are required." };
  let face: unknown;
  try {
    face = JSON.parse(String(form.get("face") ?? "null"));
  } catch {
    return { ok: false, reason: "invalid", message: "The face data is not valid." };
  }
  const result = await storeEnrollmentPhoto(db, { studentId, bytes: new Uint8Array(await photo.arrayBuffer()), face }, admin.actor, {
    allowLookAlike: form.get("allowLookAlike") === "true",
  });
  if (result.ok) revalidatePath(`/admin/students/${studentId}`);
  return result;
}

export const deletePhotoAction = adminAction(
  onRecord("photoId", async (photoId, _form, { actor }) =>
    (await deleteEnrollmentPhoto(db, photoId, actor))
      ? { ok: true, message: "Photo and its face template deleted." }
      : { ok: false, code: "not_found", message: "That photo was deleted already." },
  ),
  STUDENTS,
);

export const setPinAction = adminAction(
  onRecord("id", async (studentId, form, { actor }) => {
    // Checked here: setStudentPin (lib/attendance/pin.ts) writes without looking first.
    if (!(await db.student.count({ where: { id: studentId } }))) return notFound("student");
    const remove = form.get("remove") === "true";
    const result = await setStudentPin(db, studentId, remove ? null : String(form.get("pin") ?? ""), actor);
    return result.ok ? { ok: true, message: remove ? "PIN removed." : "PIN set. Give it to the student privately." } : result;
  }),
  STUDENTS,
);

function guardianFields(form: FormData) {
  return {
    givenName: form.get("givenName"),
    familyName: form.get("familyName"),
    email: form.get("email") ?? undefined,
    language: form.get("language") ?? undefined,
  };
}

export const addGuardianAction = adminAction(
  onRecord("studentId", (studentId, form, { actor }) => addGuardian(db, studentId, guardianFields(form), actor)),
  STUDENTS,
);

export const updateGuardianAction = adminAction(
  onRecord("guardianId", (guardianId, form, { actor }) => updateGuardian(db, guardianId, guardianFields(form), actor)),
  STUDENTS,
);

/** Unlink (`op=unlink`, with the student) or clear an opt-out (`op=opt-in`). */
export const guardianAdminAction = adminAction(
  onRecord("guardianId", async (guardianId, form, { actor }) => {
    if (form.get("op") === "opt-in") return clearOptOut(db, guardianId, actor);
    const studentId = recordId(form, "studentId");
    if (form.get("op") !== "unlink" || !studentId) return MISSING_RECORD;
    return unlinkGuardian(db, guardianId, studentId, actor);
  }),
  STUDENTS,
);

export const setDoNotContactAction = adminAction(
  onRecord("studentId", (studentId, form, { actor }) => setDoNotContact(db, studentId, form.get("doNotContact") === "true", actor)),
  STUDENTS,
);
