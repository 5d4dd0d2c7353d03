// Which student each bulk photo file belongs to, and whether it may be processed.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { identifierCandidates } from "@/lib/photos/names";
import { studentName as nameOf } from "@/lib/names";

export type PhotoOwner =
  | { name: string; status: "ok"; studentId: string; identifier: string; studentName: string }
  | { name: string; status: "no_consent"; identifier: string; studentName: string }
  | { name: string; status: "unknown"; identifier: string };

export async function resolvePhotoOwners(db: PrismaClient, names: string[]): Promise<PhotoOwner[]> {
  const candidates = names.map(identifierCandidates);
  const keys = [...new Set(candidates.flat())];
  const students = await db.student.findMany({ where: { OR: [{ identifier: { in: keys } }, { sourcedId: { in: keys } }] } });
  return names.map((name, i) => {
    const student = candidates[i].map((c) => students.find((s) => s.identifier === c || s.sourcedId === c)).find(Boolean);
    if (!student) return { name, status: "unknown", identifier: candidates[i].at(-1) ?? name };
    const studentName = nameOf(student);
    if (student.consentStatus !== "GRANTED" || student.status !== "ACTIVE")
      return { name, status: "no_consent", identifier: student.identifier, studentName };
    return { name, status: "ok", studentId: student.id, identifier: student.identifier, studentName };
  });
}
