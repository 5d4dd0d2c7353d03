// Guardians by hand: an admin adds one to a student (or links one the school has already, by
// email), corrects one, unlinks one, clears an opt-out; marks a student "do not contact".
// The roster import (lib/roster/steps.ts) keeps imported guardians in step with the export.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { writeAudit, type Actor } from "@/lib/audit";
import { invalid, notFound, type ActionResult } from "@/lib/result";
import { guardianSchema } from "@/lib/validations/guardian";
import { personName } from "@/lib/names";

const fullName = personName;

/**
 * Adds a guardian to a student. An active guardian with the same email (a sibling's parent) is
 * linked rather than entered twice.
 */
export async function addGuardian(db: PrismaClient, studentId: string, raw: unknown, actor: Actor): Promise<ActionResult> {
  const parsed = guardianSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const student = await db.student.findUnique({ where: { id: studentId } });
  if (!student) return notFound("student");
  return db.$transaction(async (tx) => {
    const existing = parsed.data.email
      ? await tx.guardian.findFirst({ where: { email: parsed.data.email, status: "ACTIVE" }, orderBy: { createdAt: "asc" } })
      : null;
    const guardian = existing ?? (await tx.guardian.create({ data: parsed.data }));
    const linked = await tx.guardianLink.findUnique({ where: { guardianId_studentId: { guardianId: guardian.id, studentId } } });
    if (linked) return { ok: false as const, message: `${fullName(guardian)} is a guardian of this student already.` };
    await tx.guardianLink.create({ data: { guardianId: guardian.id, studentId } });
    await writeAudit(tx, actor, {
      action: existing ? "guardian.link" : "guardian.create",
      targetType: "Guardian",
      targetId: guardian.id,
      after: { studentId, ...(existing ? {} : parsed.data) },
    });
    return {
      ok: true as const,
      message: existing
        ? `Linked ${fullName(guardian)} (${guardian.email}), already a guardian of another student.`
        : `Added ${fullName(guardian)}.`,
    };
  });
}

/** Corrects a guardian's name, email or language (an import from the roster may set them again). */
export async function updateGuardian(db: PrismaClient, id: string, raw: unknown, actor: Actor): Promise<ActionResult> {
  const parsed = guardianSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const current = await db.guardian.findUnique({ where: { id } });
  if (!current) return notFound("guardian");
  await db.$transaction(async (tx) => {
    await tx.guardian.update({ where: { id }, data: parsed.data });
    const before = { givenName: current.givenName, familyName: current.familyName, email: current.email, language: current.language };
    await writeAudit(tx, actor, { action: "guardian.update", targetType: "Guardian", targetId: id, before, after: parsed.data });
  });
  return {
    ok: true,
    message: `Saved ${fullName(parsed.data)}.${current.sourcedId ? " The next roster import sets what the school information system has." : ""}`,
  };
}

/** Stops a guardian getting notices about a student (the guardian stays, for other students). */
export async function unlinkGuardian(db: PrismaClient, guardianId: string, studentId: string, actor: Actor): Promise<ActionResult> {
  return db.$transaction(async (tx) => {
    const link = await tx.guardianLink.findUnique({
      where: { guardianId_studentId: { guardianId, studentId } },
      include: { guardian: true },
    });
    if (!link) return { ok: false as const, code: "not_found" as const, message: "That guardian is not linked to this student." };
    await tx.guardianLink.delete({ where: { guardianId_studentId: { guardianId, studentId } } });
    await tx.notice.updateMany({
      where: { guardianId, studentId, status: "PENDING" },
      data: { status: "CANCELLED", lastError: "The guardian was removed from the student." },
    });
    await writeAudit(tx, actor, { action: "guardian.unlink", targetType: "Guardian", targetId: guardianId, before: { studentId } });
    return {
      ok: true as const,
      message: `Removed ${fullName(link.guardian)} from this student.${link.fromRoster ? " The next roster import links them again if the export still does." : ""}`,
    };
  });
}

/** Notices to this guardian again, after an opt-out the family has taken back (say, by phone). */
export async function clearOptOut(db: PrismaClient, guardianId: string, actor: Actor): Promise<ActionResult> {
  const g = await db.guardian.findUnique({ where: { id: guardianId } });
  if (!g) return notFound("guardian");
  if (!g.optedOutAt) return { ok: false, message: "This guardian has not opted out." };
  await db.$transaction(async (tx) => {
    await tx.guardian.update({ where: { id: guardianId }, data: { optedOutAt: null } });
    await writeAudit(tx, actor, {
      action: "guardian.opt-in",
      targetType: "Guardian",
      targetId: guardianId,
      before: { optedOutAt: g.optedOutAt },
    });
  });
  return { ok: true, message: `${fullName(g)} gets absence notices again.` };
}

/** "Do not contact": no guardian of the student is emailed, whatever the settings. */
export async function setDoNotContact(db: PrismaClient, studentId: string, value: boolean, actor: Actor): Promise<ActionResult> {
  const s = await db.student.findUnique({ where: { id: studentId } });
  if (!s) return notFound("student");
  await db.$transaction(async (tx) => {
    await tx.student.update({ where: { id: studentId }, data: { doNotContact: value } });
    if (value)
      await tx.notice.updateMany({
        where: { studentId, status: "PENDING" },
        data: { status: "CANCELLED", lastError: "The student is marked do not contact." },
      });
    await writeAudit(tx, actor, {
      action: "student.do-not-contact",
      targetType: "Student",
      targetId: studentId,
      before: { doNotContact: s.doNotContact },
      after: { doNotContact: value },
    });
  });
  return {
    ok: true,
    message: value ? "Guardians of this student will not be emailed." : "Guardians of this student get absence notices again.",
  };
}
