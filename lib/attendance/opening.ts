// Opening a session by hand: a scheduled meeting before anyone checked in (roll call first), or
// a lesson that is not on the schedule (a substitute, a trip), for a class the viewer may see.
import type { ClassSession, PrismaClient } from "@/lib/generated/prisma/client";
import { writeAudit } from "@/lib/audit";
import { canSeeClass, type Viewer } from "@/lib/access";
import { localWeekdayAndMinute } from "@/lib/dates";
import { schoolSettings } from "@/lib/settings";
import { sessionMinutesSchema } from "@/lib/validations/attendance";
import { actorOf, type Staff } from "./marks";
import { openSessionNow, sessionFor, slotsOn } from "./session";

/**
 * The session of a meeting scheduled today (created when the teacher opens it to take roll
 * call before anyone checked in): "not_found" when the viewer may not see the class,
 * "no_meeting" when the class has no such meeting today.
 */
export async function openScheduledSession(
  db: PrismaClient,
  viewer: Viewer,
  classId: string,
  startsAt: Date,
  at: Date,
): Promise<ClassSession | "not_found" | "no_meeting"> {
  if (!(await canSeeClass(db, viewer, classId))) return "not_found";
  const settings = await schoolSettings(db);
  const local = localWeekdayAndMinute(at, settings.timeZone);
  const slot = (await slotsOn(db, [classId], local.date, local.weekday, settings)).find((s) => s.startsAt.getTime() === startsAt.getTime());
  return slot ? sessionFor(db, slot) : "no_meeting";
}

/**
 * A session started by hand now (no meeting on the schedule), for a class the viewer may see:
 * "not_found" for another class (checked first, so it answers the same whatever else is sent),
 * "bad_minutes" for a length outside 5–240 minutes.
 */
export async function startSession(
  db: PrismaClient,
  staff: Staff,
  classId: string,
  rawMinutes: unknown,
  at: Date,
): Promise<ClassSession | "not_found" | "bad_minutes"> {
  if (!(await canSeeClass(db, staff, classId))) return "not_found";
  const minutes = sessionMinutesSchema.safeParse(rawMinutes);
  if (!minutes.success) return "bad_minutes";
  const session = await openSessionNow(db, classId, staff.id, at, minutes.data);
  await writeAudit(db, actorOf(staff), {
    action: "session.open",
    targetType: "ClassSession",
    targetId: session.id,
    after: { minutes: minutes.data },
  });
  return session;
}
