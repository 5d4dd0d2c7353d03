// Reads of classes, scoped to what the caller may see: admins every class,
// teachers only the classes they are assigned to (lib/access.ts).
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { visibleClassesWhere, type Viewer } from "@/lib/access";
import { enrollmentHealth } from "@/lib/classes";
import { needsNewPhoto } from "@/lib/matching/photo-health";
import type { SchoolSettings } from "@/lib/settings";

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

/** The admin's class list: active or archived, with meetings, teachers and enrollment counts. */
export function classesByStatus(db: PrismaClient, archived: boolean) {
  return db.class.findMany({
    where: { status: archived ? "ARCHIVED" : "ACTIVE" },
    orderBy: { code: "asc" },
    include: {
      meetings: { orderBy: [{ weekday: "asc" }, { startMinute: "asc" }] },
      teachers: { include: { user: { select: { name: true } } } },
      _count: { select: { enrollments: true } },
    },
  });
}

/** One class as the admin's class page shows it: schedule, teachers, enrolled students and their templates. */
export function classForAdmin(db: PrismaClient, id: string) {
  return db.class.findUnique({
    where: { id },
    include: {
      meetings: { orderBy: [{ weekday: "asc" }, { startMinute: "asc" }] },
      teachers: { include: { user: { select: { id: true, name: true, email: true } } } },
      enrollments: {
        orderBy: { student: { familyName: "asc" } },
        include: {
          student: {
            select: {
              id: true,
              identifier: true,
              givenName: true,
              familyName: true,
              status: true,
              consentStatus: true,
              templates: { select: { id: true } },
            },
          },
        },
      },
    },
  });
}

/**
 * A class's enrollment health: each enrolled student's row and who needs a new photo, both
 * from the one rule (lib/matching/photo-health.ts). Null for an unknown class.
 */
export async function classEnrollmentHealth(
  db: PrismaClient,
  id: string,
  settings: Pick<SchoolSettings, "rules" | "reenrollMonths">,
  at: Date,
) {
  const [c, needs] = await Promise.all([classForAdmin(db, id), needsNewPhoto(db, settings, at, { classId: id })]);
  if (!c) return null;
  const reasons = new Map(needs.map((n) => [n.studentId, n.reasons]));
  return { class: c, needs, rows: c.enrollments.map((e) => ({ e, ...enrollmentHealth(e.student, reasons.get(e.studentId)) })) };
}

/** Active classes for a choice list (filters, the kiosk form). */
export function classOptions(db: PrismaClient) {
  return db.class.findMany({ where: { status: "ACTIVE" }, orderBy: { code: "asc" }, select: { id: true, code: true, title: true } });
}
