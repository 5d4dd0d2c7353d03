"use server";

import { addMeeting, enrollStudent, removeEnrollment, removeMeeting, saveClass, setClassArchived, setTeacher } from "@/lib/classes";
import { importMeetings, MAX_MEETINGS_CSV_BYTES, meetingImportSummary } from "@/lib/classes/schedule-import";
import { db } from "@/lib/db";
import { adminAction, onRecord, recordId, uploadedCsv } from "@/app/server-action";

const CLASSES = { revalidate: "/admin/classes" };

const classFields = (form: FormData) => ({
  code: form.get("code"),
  title: form.get("title"),
  room: form.get("room") ?? undefined,
  tardyMinutes: form.get("tardyMinutes") ?? undefined,
  liveness: form.get("liveness") ?? undefined,
});

export const createClassAction = adminAction((form, admin) => saveClass(db, null, classFields(form), admin.actor), CLASSES);

export const updateClassAction = adminAction(
  onRecord("classId", (classId, form, { actor }) => saveClass(db, classId, classFields(form), actor)),
  CLASSES,
);

export const archiveClassAction = adminAction(
  onRecord("classId", (classId, form, { actor }) => setClassArchived(db, classId, form.get("archive") === "true", actor)),
  CLASSES,
);

export const addMeetingAction = adminAction(
  onRecord("classId", (classId, form, { actor }) =>
    addMeeting(db, classId, { weekdays: form.getAll("weekdays"), start: form.get("start"), end: form.get("end") }, actor),
  ),
  CLASSES,
);

export const removeMeetingAction = adminAction(
  onRecord("meetingId", (meetingId, _form, { actor }) => removeMeeting(db, meetingId, actor)),
  CLASSES,
);

export const setTeacherAction = adminAction(
  onRecord("classId", async (classId, form, { actor }) => {
    const userId = recordId(form, "userId");
    return userId ? setTeacher(db, classId, userId, form.get("assign") === "true", actor) : { ok: false, message: "Choose a teacher." };
  }),
  CLASSES,
);

export const enrollStudentAction = adminAction(
  onRecord("classId", (classId, form, { actor }) =>
    enrollStudent(
      db,
      classId,
      { identifier: form.get("identifier"), beginDate: form.get("beginDate") ?? undefined, endDate: form.get("endDate") ?? undefined },
      actor,
    ),
  ),
  CLASSES,
);

export const removeEnrollmentAction = adminAction(
  onRecord("enrollmentId", (enrollmentId, _form, { actor }) => removeEnrollment(db, enrollmentId, actor)),
  CLASSES,
);

export const importMeetingsAction = adminAction(async (form, { actor }) => {
  const text = await uploadedCsv(form, "file", MAX_MEETINGS_CSV_BYTES, "meeting times");
  if (typeof text !== "string") return text;
  const result = await importMeetings(db, text, actor, { dryRun: form.get("dryRun") === "true" });
  return result.errors.length
    ? { ok: false, message: meetingImportSummary(result), fieldErrors: { file: result.errors.map((e) => `Line ${e.line}: ${e.message}`) } }
    : { ok: true, message: meetingImportSummary(result) };
}, CLASSES);
