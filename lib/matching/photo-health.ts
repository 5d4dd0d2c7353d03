// Photos age (children's faces change) and some students keep matching only just: both mean
// "needs a new photo". Shared by the students list filter and the class's enrollment health.
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { BORDERLINE_BAND } from "@/lib/attendance/confidence";
import type { SchoolSettings } from "@/lib/settings";

/** Borderline kiosk matches in this many days … */
export const BORDERLINE_DAYS = 60;
/** … at least this many make a student "needs a new photo". */
export const BORDERLINE_MIN = 3;

/** Photos taken before this instant are old. */
export function photoCutoff(settings: Pick<SchoolSettings, "reenrollMonths">, at: Date): Date {
  const d = new Date(at);
  d.setUTCMonth(d.getUTCMonth() - settings.reenrollMonths);
  return d;
}

/** Students with photos, none of them taken since the cutoff. */
export function oldPhotoWhere(cutoff: Date): Prisma.StudentWhereInput {
  return {
    AND: [
      { templates: { some: {} } },
      { templates: { none: { OR: [{ photoTakenAt: { gte: cutoff } }, { photoTakenAt: null, createdAt: { gte: cutoff } }] } } },
    ],
  };
}

/** Ids of students with at least BORDERLINE_MIN face check-ins near the threshold in the last BORDERLINE_DAYS. */
export async function borderlineStudentIds(
  db: PrismaClient,
  settings: Pick<SchoolSettings, "rules">,
  at: Date,
  among?: string[],
): Promise<Set<string>> {
  const rows = await db.attendanceRecord.groupBy({
    by: ["studentId"],
    where: {
      method: "FACE",
      matchDistance: { gt: settings.rules.threshold - BORDERLINE_BAND },
      markedAt: { gte: new Date(at.getTime() - BORDERLINE_DAYS * 86_400_000) },
      ...(among ? { studentId: { in: among } } : {}),
    },
    _count: { _all: true },
  });
  return new Set(rows.filter((r) => r._count._all >= BORDERLINE_MIN).map((r) => r.studentId));
}

/** Students who need a new photo: old photos, or many borderline matches. */
export async function needsNewPhotoWhere(
  db: PrismaClient,
  settings: Pick<SchoolSettings, "rules" | "reenrollMonths">,
  at: Date,
): Promise<Prisma.StudentWhereInput> {
  const borderline = await borderlineStudentIds(db, settings, at);
  return { OR: [oldPhotoWhere(photoCutoff(settings, at)), { id: { in: [...borderline] } }] };
}
