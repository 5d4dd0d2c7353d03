"use server";
// The School page: the school's name, time zone and tardy minutes; the calendar of days without school.
import { db } from "@/lib/db";
import { adminAction, onRecord, uploadedCsv } from "@/app/server-action";
import { updateSchoolSettings } from "@/lib/settings";
import { addClosure, closureImportSummary, importClosures, MAX_CLOSURES_CSV_BYTES, removeClosure } from "@/lib/calendar";

const SCHOOL = { revalidate: "/admin" };

export const schoolSettingsAction = adminAction(
  (form, { actor }) =>
    updateSchoolSettings(
      db,
      {
        name: form.get("name"),
        timeZone: form.get("timeZone"),
        timeFormat: form.get("timeFormat"),
        defaultTardyMinutes: form.get("defaultTardyMinutes"),
      },
      actor,
    ),
  SCHOOL,
);

export const addClosureAction = adminAction(
  (form, { actor }) =>
    addClosure(db, { startDate: form.get("startDate"), endDate: form.get("endDate") ?? undefined, reason: form.get("reason") }, actor),
  SCHOOL,
);

export const removeClosureAction = adminAction(
  onRecord("closureId", (id, _form, { actor }) => removeClosure(db, id, actor)),
  SCHOOL,
);

export const importClosuresAction = adminAction(async (form, { actor }) => {
  const text = await uploadedCsv(form, "file", MAX_CLOSURES_CSV_BYTES, "days without school");
  if (typeof text !== "string") return text;
  const result = await importClosures(db, text, actor);
  return result.errors.length
    ? {
        ok: false,
        code: "invalid",
        message: "Nothing was added.",
        fieldErrors: { file: result.errors.map((e) => `Line ${e.line}: ${e.message}`) },
      }
    : { ok: true, message: closureImportSummary(result) };
}, SCHOOL);
