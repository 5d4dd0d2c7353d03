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
