// Student records: create, edit, archive. Biometric data is handled in lib/consent/index.ts and lib/photos/index.ts.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { writeAudit, type Actor } from "@/lib/audit";
import { studentSchema } from "@/lib/validations/student";
import { localDate } from "@/lib/dates";
import { schoolSettings } from "@/lib/settings";
import { invalid, notFound, type ActionResult } from "@/lib/result";
import { studentName } from "@/lib/names";

export async function createStudent(db: PrismaClient, raw: unknown, actor: Actor): Promise<ActionResult<{ id: string }>> {
  const parsed = studentSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  if (await db.student.findUnique({ where: { identifier: parsed.data.identifier } }))
    return {
      ok: false,
      message: `A student with identifier ${parsed.data.identifier} exists already.`,
      fieldErrors: { identifier: ["This identifier is taken."] },
    };
  const student = await db.$transaction(async (tx) => {
    const s = await tx.student.create({ data: parsed.data });
    await writeAudit(tx, actor, { action: "student.create", targetType: "Student", targetId: s.id, after: parsed.data });
    return s;
  });
  return { ok: true, message: `Added ${studentName(student)}.`, data: { id: student.id } };
}

export async function updateStudent(db: PrismaClient, id: string, raw: unknown, actor: Actor): Promise<ActionResult> {
  const parsed = studentSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const current = await db.student.findUnique({ where: { id } });
  if (!current) return notFound("student");
  const clash = await db.student.findUnique({ where: { identifier: parsed.data.identifier } });
  if (clash && clash.id !== id)
    return {
      ok: false,
      message: `Identifier ${parsed.data.identifier} belongs to another student.`,
      fieldErrors: { identifier: ["This identifier is taken."] },
    };
  await db.$transaction(async (tx) => {
    await tx.student.update({ where: { id }, data: parsed.data });
    const before = {
      identifier: current.identifier,
      givenName: current.givenName,
      familyName: current.familyName,
      preferredName: current.preferredName,
    };
    await writeAudit(tx, actor, { action: "student.update", targetType: "Student", targetId: id, before, after: parsed.data });
  });
  return { ok: true, message: "Saved." };
}

/**
 * Archives (or restores) a student. Archiving end-dates their open enrollments today, as the roster
 * import does for a student who left the export, so every class list and teacher loses them at once;
 * restoring does not re-enroll (the next roster import or the class page does).
 */
export async function setStudentArchived(db: PrismaClient, id: string, archived: boolean, actor: Actor, at: Date): Promise<ActionResult> {
  const current = await db.student.findUnique({ where: { id } });
  if (!current) return notFound("student");
  const today = localDate(at, (await schoolSettings(db)).timeZone);
  await db.$transaction(async (tx) => {
    await tx.student.update({
      where: { id },
      data: { status: archived ? "ARCHIVED" : "ACTIVE", archivedAt: archived ? at : null },
    });
    const ended = archived
      ? (
          await tx.enrollment.updateMany({
            where: { studentId: id, OR: [{ endDate: null }, { endDate: { gt: today } }] },
            data: { endDate: today },
          })
        ).count
      : 0;
    await writeAudit(tx, actor, {
      action: archived ? "student.archive" : "student.restore",
      targetType: "Student",
      targetId: id,
      before: { status: current.status },
      ...(archived ? { after: { status: "ARCHIVED", enrollmentsEnded: ended } } : {}),
    });
  });
  return { ok: true, message: archived ? "Archived. Photos and templates are purged after the retention period." : "Restored." };
}
