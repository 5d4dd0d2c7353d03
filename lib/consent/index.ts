// Consent to face recognition. Nothing biometric is processed or stored for a student
// without granted consent; withdrawing it deletes their photos and templates at once,
// in the same transaction as the status change, and the audit trail records both.
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { ConsentStatus } from "@/lib/generated/prisma/enums";
import { writeAudit, type Actor } from "@/lib/audit";
import { toCsv } from "@/lib/csv";
import { now as currentTime } from "@/lib/clock";
import { InputError } from "@/lib/result";
import { studentName } from "@/lib/names";

export type ConsentChange = {
  identifier: string;
  name: string;
  from: ConsentStatus;
  to: ConsentStatus;
  changed: boolean;
  photosDeleted: number;
  templatesDeleted: number;
};

export class UnknownStudentsError extends InputError {
  constructor(readonly unknown: string[]) {
    super(`Unknown student identifier${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}. Nothing was changed.`);
  }
}

/** Students by local identifier or sourcedId; every key must resolve. */
async function resolveStudents(db: Prisma.TransactionClient, keys: string[]) {
  const wanted = [...new Set(keys.map((k) => k.trim()).filter(Boolean))];
  const found = await db.student.findMany({ where: { OR: [{ identifier: { in: wanted } }, { sourcedId: { in: wanted } }] } });
  const unknown = wanted.filter((k) => !found.some((s) => s.identifier === k || s.sourcedId === k));
  if (unknown.length) throw new UnknownStudentsError(unknown);
  return found;
}

/** Deletes a student's photos and templates; returns how many. */
export async function purgeBiometrics(tx: Prisma.TransactionClient, studentId: string) {
  const templates = await tx.faceTemplate.deleteMany({ where: { studentId } });
  const photos = await tx.facePhoto.deleteMany({ where: { studentId } });
  return { photosDeleted: photos.count, templatesDeleted: templates.count };
}

/** How a consent change was recorded, kept in its audit entry for the student's consent history. */
export type ConsentVia = "form" | "csv" | "cli" | "class list";

type ConsentSubject = {
  id: string;
  identifier: string;
  givenName: string;
  familyName: string;
  preferredName: string | null;
  consentStatus: ConsentStatus;
};

/**
 * Sets one student's consent inside the caller's transaction, audited. Withdrawal deletes their
 * photos and templates, also when already withdrawn: nothing biometric may remain.
 */
export async function recordConsent(
  tx: Prisma.TransactionClient,
  s: ConsentSubject,
  to: Extract<ConsentStatus, "GRANTED" | "WITHDRAWN">,
  actor: Actor,
  at: Date,
  via: ConsentVia,
): Promise<ConsentChange> {
  const changed = s.consentStatus !== to;
  let deleted = { photosDeleted: 0, templatesDeleted: 0 };
  if (to === "WITHDRAWN") deleted = await purgeBiometrics(tx, s.id);
  if (changed) {
    await tx.student.update({
      where: { id: s.id },
      data: { consentStatus: to, consentAt: at, consentRecordedById: actor.userId ?? null },
    });
  }
  if (changed || deleted.photosDeleted || deleted.templatesDeleted) {
    await writeAudit(tx, actor, {
      action: to === "GRANTED" ? "consent.grant" : "consent.withdraw",
      targetType: "Student",
      targetId: s.id,
      before: { consentStatus: s.consentStatus },
      after: { consentStatus: to, ...deleted, via },
    });
  }
  return { identifier: s.identifier, name: studentName(s), from: s.consentStatus, to, changed, ...deleted };
}

/** Records consent granted or withdrawn for students named by identifier or sourcedId: all or none. */
export async function setConsent(
  db: PrismaClient,
  keys: string[],
  to: Extract<ConsentStatus, "GRANTED" | "WITHDRAWN">,
  actor: Actor,
  now = currentTime(),
  via: ConsentVia = "form",
): Promise<ConsentChange[]> {
  if (keys.length === 0) throw new UnknownStudentsError([]);
  return db.$transaction(async (tx) => {
    const students = await resolveStudents(tx, keys);
    const changes: ConsentChange[] = [];
    for (const s of students) changes.push(await recordConsent(tx, s, to, actor, now, via));
    return changes.sort((a, b) => a.identifier.localeCompare(b.identifier));
  });
}

/** The consent list as CSV, one row per student, for the school's records. */
export async function consentCsv(db: PrismaClient): Promise<string> {
  const students = await db.student.findMany({
    orderBy: [{ familyName: "asc" }, { givenName: "asc" }],
    include: { consentRecordedBy: { select: { email: true } } },
  });
  return toCsv(
    ["identifier", "sourcedId", "givenName", "familyName", "status", "consent", "consentDate", "recordedBy"],
    students.map((s) => [
      s.identifier,
      s.sourcedId,
      s.givenName,
      s.familyName,
      s.status.toLowerCase(),
      s.consentStatus.toLowerCase(),
      s.consentAt?.toISOString(),
      s.consentRecordedBy?.email,
    ]),
  );
}
