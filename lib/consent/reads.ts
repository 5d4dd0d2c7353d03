// Reads for the consent pages: a class's students with their consent, and a student's consent history.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { ConsentStatus } from "@/lib/generated/prisma/enums";
import type { ConsentVia } from "@/lib/consent";
import { studentName, studentSortName } from "@/lib/names";

/** Active students of a class whose enrollment has not ended before `today` (local date), by name. */
export async function classConsentList(db: PrismaClient, classId: string, today: string) {
  const students = await db.student.findMany({
    where: { status: "ACTIVE", enrollments: { some: { classId, OR: [{ endDate: null }, { endDate: { gte: today } }] } } },
    select: { id: true, identifier: true, givenName: true, familyName: true, preferredName: true, consentStatus: true },
  });
  return students
    .map((s) => ({ id: s.id, identifier: s.identifier, name: studentName(s), sortName: studentSortName(s), consent: s.consentStatus }))
    .sort((a, b) => a.sortName.localeCompare(b.sortName));
}

export type ConsentHistoryEntry = {
  at: Date;
  from: ConsentStatus | null;
  to: ConsentStatus | null;
  by: string;
  /** null for changes recorded before the way was kept. */
  via: ConsentVia | null;
  photosDeleted: number;
  templatesDeleted: number;
};

const STATUSES = new Set<string>(["NONE", "GRANTED", "WITHDRAWN"]);
const VIAS = new Set<string>(["form", "csv", "cli", "class list"]);
type Json = Record<string, unknown> | null;
const statusOf = (j: Json) =>
  typeof j?.consentStatus === "string" && STATUSES.has(j.consentStatus) ? (j.consentStatus as ConsentStatus) : null;
const countOf = (j: Json, key: string) => (typeof j?.[key] === "number" ? (j[key] as number) : 0);

/** Every consent change of a student, newest first, from the audit trail. */
export async function consentHistory(db: PrismaClient, studentId: string): Promise<ConsentHistoryEntry[]> {
  const entries = await db.auditLog.findMany({
    where: { targetType: "Student", targetId: studentId, action: { in: ["consent.grant", "consent.withdraw"] } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    include: { actor: { select: { name: true } } },
  });
  return entries.map((e) => {
    const before = e.before as Json;
    const after = e.after as Json;
    const via = typeof after?.via === "string" && VIAS.has(after.via) ? (after.via as ConsentVia) : e.actorLabel === "cli" ? "cli" : null;
    return {
      at: e.createdAt,
      from: statusOf(before),
      to: statusOf(after),
      by: e.actor?.name ?? e.actorLabel,
      via,
      photosDeleted: countOf(after, "photosDeleted"),
      templatesDeleted: countOf(after, "templatesDeleted"),
    };
  });
}
