"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { addMeeting, enrollStudent, removeEnrollment, removeMeeting, saveClass, setClassArchived, setTeacher } from "@/lib/classes";
import { db } from "@/lib/db";
import { asAdmin, NOT_ALLOWED } from "@/app/admin/admin-action";
import { adminActor } from "@/lib/auth/current-user";
import type { ActionResult } from "@/lib/students";
import { formOf } from "@/lib/validations/form";

const id = z.string().min(1).max(64);
const CLASSES = "/admin/classes";

const classFields = (form: FormData) => ({
  code: form.get("code"),
  title: form.get("title"),
  room: form.get("room") ?? undefined,
  tardyMinutes: form.get("tardyMinutes") ?? undefined,
});

export async function createClassAction(_p: ActionResult | null, form: FormData): Promise<ActionResult> {
  form = formOf(form);
  const admin = await adminActor();
  if (!admin) return NOT_ALLOWED;
  const result = await saveClass(db, null, classFields(form), admin.actor);
  revalidatePath("/admin/classes");
  return result as ActionResult;
}
export async function updateClassAction(_p: ActionResult | null, form: FormData) {
  form = formOf(form);
  return asAdmin(form, "classId", CLASSES, (classId, actor) => saveClass(db, classId, classFields(form), actor));
}
export async function archiveClassAction(_p: ActionResult | null, form: FormData) {
  form = formOf(form);
  return asAdmin(form, "classId", CLASSES, (classId, actor) => setClassArchived(db, classId, form.get("archive") === "true", actor));
}
export async function addMeetingAction(_p: ActionResult | null, form: FormData) {
  form = formOf(form);
  return asAdmin(form, "classId", CLASSES, (classId, actor) =>
    addMeeting(db, classId, { weekday: form.get("weekday"), start: form.get("start"), end: form.get("end") }, actor),
  );
}
export async function removeMeetingAction(_p: ActionResult | null, form: FormData) {
  form = formOf(form);
  return asAdmin(form, "meetingId", CLASSES, (meetingId, actor) => removeMeeting(db, meetingId, actor));
}
export async function setTeacherAction(_p: ActionResult | null, form: FormData) {
  form = formOf(form);
  return asAdmin(form, "classId", CLASSES, async (classId, actor) => {
    const userId = id.safeParse(form.get("userId"));
    return userId.success
      ? setTeacher(db, classId, userId.data, form.get("assign") === "true", actor)
      : { ok: false, message: "Choose a teacher." };
  });
}
export async function enrollStudentAction(_p: ActionResult | null, form: FormData) {
  form = formOf(form);
  return asAdmin(form, "classId", CLASSES, (classId, actor) =>
    enrollStudent(
      db,
      classId,
      { identifier: form.get("identifier"), beginDate: form.get("beginDate") ?? undefined, endDate: form.get("endDate") ?? undefined },
      actor,
    ),
  );
}
export async function removeEnrollmentAction(_p: ActionResult | null, form: FormData) {
  form = formOf(form);
  return asAdmin(form, "enrollmentId", CLASSES, (enrollmentId, actor) => removeEnrollment(db, enrollmentId, actor));
}
