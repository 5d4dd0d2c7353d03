"use server";
// Server actions of the teacher's session pages. Each one re-reads the signed-in user and
// passes them to lib/attendance/review.ts, which finds the session only through the
// user's classes: an id of another teacher's session answers "Not found."
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import {
  closeSession,
  excuseStudents,
  markUnmarkedAbsent,
  openScheduledSession,
  setStatus,
  startSession,
  type Staff,
} from "@/lib/attendance/review";
import type { AttendanceStatus } from "@/lib/generated/prisma/enums";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";
import { currentStaff } from "@/lib/auth/current-user";
import type { ActionResult } from "@/lib/students";
import { formOf } from "@/lib/validations/form";

const SIGN_IN: ActionResult = { ok: false, message: "Your sign-in has ended: sign in again." };
const recordId = z.string().min(1).max(64);

function refresh(sessionId: string) {
  revalidatePath(`/teacher/sessions/${sessionId}`, "layout");
  revalidatePath("/teacher");
}

/** One student's status: from the review page's row form, and from roll call (called directly). */
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

export async function changeStatusFormAction(_prev: ActionResult<unknown> | null, form: FormData): Promise<ActionResult<unknown>> {
  form = formOf(form);
  return setStatusAction({
    sessionId: String(form.get("sessionId") ?? ""),
    studentId: String(form.get("studentId") ?? ""),
    status: String(form.get("status") ?? "") as AttendanceStatus,
    reason: String(form.get("reason") ?? ""),
  });
}

/** Runs a change on the session named by the form, as the signed-in staff member. */
async function onSession(
  form: FormData,
  run: (staff: Staff, sessionId: string) => Promise<ActionResult<unknown>>,
): Promise<ActionResult<unknown>> {
  const staff = await currentStaff();
  if (!staff) return SIGN_IN;
  const id = recordId.safeParse(form.get("sessionId"));
  if (!id.success) return { ok: false, message: "Not found." };
  const result = await run(staff, id.data);
  refresh(id.data);
  return result;
}

export async function markUnmarkedAbsentAction(_prev: ActionResult<unknown> | null, form: FormData): Promise<ActionResult<unknown>> {
  form = formOf(form);
  return onSession(form, (staff, sessionId) => markUnmarkedAbsent(db, staff, sessionId, now()));
}

export async function excuseAction(_prev: ActionResult<unknown> | null, form: FormData): Promise<ActionResult<unknown>> {
  form = formOf(form);
  const staff = await currentStaff();
  if (!staff) return SIGN_IN;
  const raw = { sessionId: form.get("sessionId"), studentIds: form.getAll("studentIds"), note: form.get("note") };
  const result = await excuseStudents(db, staff, raw, now());
  if (result.ok) refresh(String(raw.sessionId));
  return result;
}

export async function closeSessionAction(_prev: ActionResult<unknown> | null, form: FormData): Promise<ActionResult<unknown>> {
  form = formOf(form);
  return onSession(form, (staff, sessionId) => closeSession(db, staff, sessionId, now()));
}

/** "Take attendance" on a meeting of today's schedule: its session (created if need be), then its page. */
export async function openSessionAction(_prev: ActionResult<unknown> | null, form: FormData): Promise<ActionResult<unknown>> {
  form = formOf(form);
  const staff = await currentStaff();
  if (!staff) return SIGN_IN;
  const classId = recordId.safeParse(form.get("classId"));
  const startsAt = z.iso.datetime().safeParse(form.get("startsAt"));
  const to = form.get("to") === "roll-call" ? "/roll-call" : "";
  if (!classId.success || !startsAt.success) return { ok: false, message: "Not found." };
  const session = await openScheduledSession(db, staff, classId.data, new Date(startsAt.data), now());
  if (session === "not_found") return { ok: false, message: "Not found." };
  if (session === "no_meeting") return { ok: false, message: "That class has no such meeting today." };
  redirect(`/teacher/sessions/${session.id}${to}`);
}

/** A session started by hand now, for a class with no meeting on the schedule at this time. */
export async function startSessionAction(_prev: ActionResult<unknown> | null, form: FormData): Promise<ActionResult<unknown>> {
  form = formOf(form);
  const staff = await currentStaff();
  if (!staff) return SIGN_IN;
  const classId = recordId.safeParse(form.get("classId"));
  if (!classId.success) return { ok: false, message: "Not found." };
  const session = await startSession(db, staff, classId.data, form.get("minutes"), now());
  if (session === "not_found") return { ok: false, message: "Not found." };
  if (session === "bad_minutes")
    return { ok: false, message: "Choose a length between 5 and 240 minutes.", fieldErrors: { minutes: ["Between 5 and 240."] } };
  redirect(`/teacher/sessions/${session.id}`);
}
