"use server";
// Server actions of the teacher's session pages. Each one re-reads the signed-in user and
// passes them to lib/attendance/review.ts, which finds the session only through the
// user's classes: an id of another teacher's session answers "Not found."
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { closeSession } from "@/lib/attendance/closing";
import { excuseStudents, setStatus } from "@/lib/attendance/marks";
import { markEveryoneElse, undoBatch } from "@/lib/attendance/batch";
import { openScheduledSession, startSession } from "@/lib/attendance/opening";
import type { AttendanceStatus } from "@/lib/generated/prisma/enums";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";
import { currentStaff } from "@/app/current-user";
import type { ActionResult } from "@/lib/result";
import { onRecord, SIGN_IN, staffAction } from "@/app/server-action";
import { startsAtSchema } from "@/lib/validations/attendance";

const NOT_FOUND = { ok: false, message: "Not found.", code: "not_found" } as const;

/** After a change to a session: its pages (review, roll call) and Today. */
function refresh(sessionId: string) {
  revalidatePath(`/teacher/sessions/${sessionId}`, "layout");
  revalidatePath("/teacher");
}
const SESSION = { refresh: (form: FormData) => refresh(String(form.get("sessionId") ?? "")) };

/**
 * One student's status: from roll call, which calls it directly with an object (not a form), so
 * it does its own sign-in check; the review page's row form goes through changeStatusFormAction.
 */
export async function setStatusAction(input: {
  sessionId: string;
  studentId: string;
  status: AttendanceStatus;
  reason?: string | null;
}): Promise<ActionResult<{ status: AttendanceStatus }>> {
  const staff = await currentStaff();
  if (!staff) return SIGN_IN;
  const result = await setStatus(db, staff, input, now());
  if (result.ok && typeof input?.sessionId === "string") refresh(input.sessionId);
  return result;
}

export const changeStatusFormAction = staffAction(
  (form, staff) =>
    setStatus(
      db,
      staff,
      {
        sessionId: String(form.get("sessionId") ?? ""),
        studentId: String(form.get("studentId") ?? ""),
        status: String(form.get("status") ?? "") as AttendanceStatus,
        reason: String(form.get("reason") ?? ""),
      },
      now(),
    ),
  SESSION,
);

/** "Mark everyone else present" / "… absent" (the form's `mark`), one undoable batch. */
export const markEveryoneElseAction = staffAction(
  (form, staff) => markEveryoneElse(db, staff, { sessionId: form.get("sessionId"), mark: form.get("mark") }, now()),
  SESSION,
);

export const undoBatchAction = staffAction(
  (form, staff) => undoBatch(db, staff, { sessionId: form.get("sessionId"), batchId: form.get("batchId") }),
  SESSION,
);

export const excuseAction = staffAction(
  (form, staff) =>
    excuseStudents(db, staff, { sessionId: form.get("sessionId"), studentIds: form.getAll("studentIds"), note: form.get("note") }, now()),
  SESSION,
);

export const closeSessionAction = staffAction(
  onRecord("sessionId", (sessionId, _form, staff) => closeSession(db, staff, sessionId, now()), NOT_FOUND),
  SESSION,
);

/** "Take attendance" on a meeting of today's schedule: its session (created if need be), then its page. */
export const openSessionAction = staffAction(
  onRecord(
    "classId",
    async (classId, form, staff) => {
      const startsAt = startsAtSchema.safeParse(form.get("startsAt"));
      if (!startsAt.success) return NOT_FOUND;
      const session = await openScheduledSession(db, staff, classId, new Date(startsAt.data), now());
      if (session === "not_found") return NOT_FOUND;
      if (session === "no_meeting") return { ok: false, message: "That class has no such meeting today." };
      redirect(`/teacher/sessions/${session.id}${form.get("to") === "roll-call" ? "/roll-call" : ""}`);
    },
    NOT_FOUND,
  ),
);

/** A session started by hand now, for a class with no meeting on the schedule at this time. */
export const startSessionAction = staffAction(
  onRecord(
    "classId",
    async (classId, form, staff) => {
      const session = await startSession(db, staff, classId, form.get("minutes"), now());
      if (session === "not_found") return NOT_FOUND;
      if (session === "bad_minutes")
        return { ok: false, message: "Choose a length between 5 and 240 minutes.", fieldErrors: { minutes: ["Between 5 and 240."] } };
      redirect(`/teacher/sessions/${session.id}`);
    },
    NOT_FOUND,
  ),
);
