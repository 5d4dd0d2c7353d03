// Reads of classes, scoped to what the caller may see: admins every class,
// teachers only the classes they are assigned to (lib/access.ts).
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { visibleClassesWhere, type Viewer } from "@/lib/access";

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
              consentStatus: true,
              templates: { select: { faceSize: true, detectionScore: true, photoTakenAt: true, createdAt: true } },
            },
          },
        },
      },
    },
  });
}

/** Active classes for a choice list (filters, the kiosk form). */
export function classOptions(db: PrismaClient) {
  return db.class.findMany({ where: { status: "ACTIVE" }, orderBy: { code: "asc" }, select: { id: true, code: true, title: true } });
}
