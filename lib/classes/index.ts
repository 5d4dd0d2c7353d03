// Classes: details, weekly schedule, teachers, enrollments. Each change is audited.
import { reasonsText, type PhotoReason } from "@/lib/matching/photo-health";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { writeAudit, type Actor } from "@/lib/audit";
import { invalid, notFound, type ActionResult } from "@/lib/result";
import { classSchema, enrollmentSchema, meetingSchema, minutesOf } from "@/lib/validations/class";
import { count } from "@/lib/text";
import { WEEKDAYS } from "@/lib/dates";
import { studentName } from "@/lib/names";

export async function saveClass(db: PrismaClient, id: string | null, raw: unknown, actor: Actor): Promise<ActionResult<{ id: string }>> {
  const parsed = classSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  if (id && !(await classExists(db, id))) return notFound("class");
  const clash = await db.class.findUnique({ where: { code: parsed.data.code } });
  if (clash && clash.id !== id)
    return { ok: false, message: `Class code ${parsed.data.code} is taken.`, fieldErrors: { code: ["This code is taken."] } };
  const saved = await db.$transaction(async (tx) => {
    const before = id ? await tx.class.findUniqueOrThrow({ where: { id } }) : null;
    const c = id ? await tx.class.update({ where: { id }, data: parsed.data }) : await tx.class.create({ data: parsed.data });
    await writeAudit(tx, actor, {
      action: id ? "class.update" : "class.create",
      targetType: "Class",
      targetId: c.id,
      before: before
        ? { code: before.code, title: before.title, room: before.room, tardyMinutes: before.tardyMinutes, liveness: before.liveness }
        : undefined,
      after: parsed.data,
    });
    return c;
  });
  return { ok: true, message: id ? "Saved." : `Created ${saved.code}.`, data: { id: saved.id } };
}

const classExists = async (db: PrismaClient, id: string) => (await db.class.count({ where: { id } })) > 0;

export async function setClassArchived(db: PrismaClient, id: string, archived: boolean, actor: Actor): Promise<ActionResult> {
  if (!(await classExists(db, id))) return notFound("class");
  await db.$transaction(async (tx) => {
    await tx.class.update({ where: { id }, data: { status: archived ? "ARCHIVED" : "ACTIVE" } });
    await writeAudit(tx, actor, { action: archived ? "class.archive" : "class.restore", targetType: "Class", targetId: id });
  });
  return { ok: true, message: archived ? "Class archived." : "Class restored." };
}

/** Adds the meeting on every chosen weekday, all or none: a clash on any day adds nothing. */
export async function addMeeting(db: PrismaClient, classId: string, raw: unknown, actor: Actor): Promise<ActionResult> {
  const parsed = meetingSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  if (!(await classExists(db, classId))) return notFound("class");
  const startMinute = minutesOf(parsed.data.start);
  const endMinute = minutesOf(parsed.data.end);
  const meetings = parsed.data.weekdays.map((weekday) => ({ weekday, startMinute, endMinute }));
  const overlapping = await db.classMeeting.findFirst({
    where: { classId, weekday: { in: parsed.data.weekdays }, startMinute: { lt: endMinute }, endMinute: { gt: startMinute } },
  });
  if (overlapping)
    return { ok: false, message: `This overlaps another meeting of the class on ${WEEKDAYS[overlapping.weekday - 1]}; nothing was added.` };
  await db.$transaction(async (tx) => {
    for (const m of meetings) {
      const created = await tx.classMeeting.create({ data: { classId, ...m } });
      await writeAudit(tx, actor, { action: "class.meeting.add", targetType: "Class", targetId: classId, after: { id: created.id, ...m } });
    }
  });
  return { ok: true, message: meetings.length === 1 ? "Meeting added." : `${meetings.length} meetings added.` };
}

export async function removeMeeting(db: PrismaClient, meetingId: string, actor: Actor): Promise<ActionResult> {
  const m = await db.classMeeting.findUnique({ where: { id: meetingId } });
  if (!m) return { ok: false, code: "not_found", message: "That meeting was removed already." };
  await db.$transaction(async (tx) => {
    await tx.classMeeting.delete({ where: { id: meetingId } });
    await writeAudit(tx, actor, {
      action: "class.meeting.remove",
      targetType: "Class",
      targetId: m.classId,
      before: { weekday: m.weekday, startMinute: m.startMinute, endMinute: m.endMinute },
    });
  });
  return { ok: true, message: "Meeting removed." };
}

export async function setTeacher(
  db: PrismaClient,
  classId: string,
  userId: string,
  assigned: boolean,
  actor: Actor,
): Promise<ActionResult> {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user || user.role !== "TEACHER") return { ok: false, message: "Choose a teacher." };
  if (!(await classExists(db, classId))) return notFound("class");
  await db.$transaction(async (tx) => {
    if (assigned) await tx.classTeacher.upsert({ where: { classId_userId: { classId, userId } }, create: { classId, userId }, update: {} });
    else await tx.classTeacher.deleteMany({ where: { classId, userId } });
    await writeAudit(tx, actor, {
      action: assigned ? "class.teacher.assign" : "class.teacher.unassign",
      targetType: "Class",
      targetId: classId,
      after: { userId, email: user.email },
    });
  });
  return { ok: true, message: assigned ? `${user.name} now teaches this class.` : `${user.name} no longer teaches this class.` };
}

export async function enrollStudent(db: PrismaClient, classId: string, raw: unknown, actor: Actor): Promise<ActionResult> {
  const parsed = enrollmentSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  if (!(await classExists(db, classId))) return notFound("class");
  const student = await db.student.findFirst({
    where: { OR: [{ identifier: parsed.data.identifier }, { sourcedId: parsed.data.identifier }] },
  });
  if (!student)
    return {
      ok: false,
      message: `No student has identifier ${parsed.data.identifier}.`,
      fieldErrors: { identifier: ["Unknown identifier."] },
    };
  const dates = { beginDate: parsed.data.beginDate, endDate: parsed.data.endDate };
  await db.$transaction(async (tx) => {
    await tx.enrollment.upsert({
      where: { classId_studentId: { classId, studentId: student.id } },
      create: { classId, studentId: student.id, ...dates },
      update: dates,
    });
    await writeAudit(tx, actor, {
      action: "enrollment.set",
      targetType: "Class",
      targetId: classId,
      after: { studentId: student.id, ...dates },
    });
  });
  return { ok: true, message: `${studentName(student)} is enrolled.` };
}

/** Removes an enrollment made by mistake. Students who left get an end date instead (history stays). */
export async function removeEnrollment(db: PrismaClient, enrollmentId: string, actor: Actor): Promise<ActionResult> {
  const e = await db.enrollment.findUnique({ where: { id: enrollmentId } });
  if (!e) return { ok: false, code: "not_found", message: "That enrollment was removed already." };
  await db.$transaction(async (tx) => {
    await tx.enrollment.delete({ where: { id: enrollmentId } });
    await writeAudit(tx, actor, {
      action: "enrollment.remove",
      targetType: "Class",
      targetId: e.classId,
      before: { studentId: e.studentId, beginDate: e.beginDate, endDate: e.endDate },
    });
  });
  return { ok: true, message: "Enrollment removed." };
}

export type EnrollmentHealth = "none" | "weak" | "good" | "no consent" | "archived";

/** One enrolled student's row of a class's enrollment health, from the one photo rule's reasons (lib/matching/photo-health.ts). */
export function enrollmentHealth(
  s: { status: string; consentStatus: string; templates: unknown[] },
  reasons: readonly PhotoReason[] | undefined,
): { health: EnrollmentHealth; why: string } {
  if (s.status !== "ACTIVE") return { health: "archived", why: "no longer an active student" };
  if (s.consentStatus !== "GRANTED") return { health: "no consent", why: "no recorded consent: check in by PIN or by the teacher" };
  if (reasons?.includes("no_photo")) return { health: "none", why: reasonsText(reasons) };
  if (reasons?.length) return { health: "weak", why: reasonsText(reasons) };
  return { health: "good", why: count(s.templates.length, "photo") };
}
