// Who may see what, and who counts as enrolled when: the rules every read and command shares.
// The bottom layer: it imports nothing of the domain, and everything that scopes a query uses it.
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";

export type Viewer = { id: string; role: Role };

/** The Prisma filter for classes a viewer may see: admins every class, teachers their own. */
export function visibleClassesWhere(viewer: Viewer) {
  return viewer.role === "ADMIN" ? {} : { teachers: { some: { userId: viewer.id } } };
}

/** Whether the viewer may see this (active) class. */
export async function canSeeClass(db: Pick<PrismaClient, "class">, viewer: Viewer, classId: string): Promise<boolean> {
  return Boolean(
    await db.class.findFirst({ where: { id: classId, status: "ACTIVE", ...visibleClassesWhere(viewer) }, select: { id: true } }),
  );
}

/**
 * Enrollments through which a viewer may see a student as a person (photo, student report): for
 * a teacher, in one of their classes and not ended before `today` (local date); for an admin, any.
 * A former student's past sessions stay in the class report, where they belong.
 */
export function currentEnrollmentWhere(viewer: Viewer, today: string) {
  // An archived student is nobody's current student, whatever their enrollments still say.
  return viewer.role === "ADMIN"
    ? {}
    : { class: visibleClassesWhere(viewer), student: { status: "ACTIVE" as const }, OR: [{ endDate: null }, { endDate: { gte: today } }] };
}

type EnrollmentDates = { beginDate: string | null; endDate: string | null };

/** An enrollment counts on a local date (YYYY-MM-DD) from its begin date to its end date, both included. */
export function enrolledOn(e: EnrollmentDates, date: string): boolean {
  return (e.beginDate === null || e.beginDate <= date) && (e.endDate === null || e.endDate >= date);
}

/** The same rule as a Prisma filter on enrollments. */
export function enrolledOnWhere(date: string) {
  return {
    AND: [{ OR: [{ beginDate: null }, { beginDate: { lte: date } }] }, { OR: [{ endDate: null }, { endDate: { gte: date } }] }],
  } satisfies Prisma.EnrollmentWhereInput;
}
