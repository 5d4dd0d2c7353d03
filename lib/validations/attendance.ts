// What teachers send about attendance: a status change, an excuse, a session's length.
import { z } from "zod";
import { ATTENDANCE_STATUSES } from "@/lib/attendance/statuses";

const id = z.string().min(1).max(64);
const reason = z.string().trim().max(500, { message: "Keep the reason under 500 characters." });

export const statusChangeSchema = z.object({
  sessionId: id,
  studentId: id,
  status: z.enum(ATTENDANCE_STATUSES, { message: "Choose a status." }),
  reason: reason.optional().transform((v) => v || null),
});

export const excuseSchema = z.object({
  sessionId: id,
  studentIds: z.array(id).min(1, { message: "Tick the students to excuse." }).max(500),
  note: reason.min(3, { message: "Write a note (at least 3 characters), e.g. “field trip”." }),
});

/** "Mark everyone else present / absent": which of the two. */
export const everyoneElseSchema = z.object({
  sessionId: id,
  mark: z.enum(["present", "absent"], { message: "Choose present or absent." }),
});

/** Undoing one such batch: the session and the batch (its audit entry). */
export const undoBatchSchema = z.object({ sessionId: id, batchId: id });

export const sessionMinutesSchema = z.coerce.number().int().min(5).max(240);

/** The start of a scheduled meeting a teacher opens, as an ISO instant. */
export const startsAtSchema = z.iso.datetime();
