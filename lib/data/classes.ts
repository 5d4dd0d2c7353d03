// Reads of classes, scoped to what the caller may see: admins every class,
// teachers only the classes they are assigned to. Pages never query classes directly.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";

export type Viewer = { id: string; role: Role };

/** The Prisma filter for classes a viewer may see. */
export function visibleClassesWhere(viewer: Viewer) {
  return viewer.role === "ADMIN" ? {} : { teachers: { some: { userId: viewer.id } } };
}

/**
 * Enrollments through which a viewer may see a student as a person (photo, student report): for
 * a teacher, in one of their classes and not ended before `today` (local date); for an admin, any.
 * A former student's past sessions stay in the class report, where they belong.
 */
export function currentEnrollmentWhere(viewer: Viewer, today: string) {
  return viewer.role === "ADMIN" ? {} : { class: visibleClassesWhere(viewer), OR: [{ endDate: null }, { endDate: { gte: today } }] };
}

export function listClassesFor(db: PrismaClient, viewer: Viewer) {
  return db.class.findMany({
    where: { status: "ACTIVE", ...visibleClassesWhere(viewer) },
    orderBy: { code: "asc" },
    select: {
      id: true,
      code: true,
      title: true,
      room: true,
      meetings: { orderBy: [{ weekday: "asc" }, { startMinute: "asc" }] },
      _count: { select: { enrollments: true } },
    },
  });
}
