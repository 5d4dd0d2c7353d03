// Reads of staff accounts for the admin area.
import type { PrismaClient } from "@/lib/generated/prisma/client";

/** Every teacher account, active first, with the classes each teaches. */
export function teacherList(db: PrismaClient) {
  return db.user.findMany({
    where: { role: "TEACHER" },
    orderBy: [{ active: "desc" }, { name: "asc" }],
    include: { teaching: { include: { class: { select: { code: true } } } } },
  });
}

/** Active teachers for a choice list. */
export function teacherOptions(db: PrismaClient) {
  return db.user.findMany({ where: { role: "TEACHER", active: true }, orderBy: { name: "asc" }, select: { id: true, name: true } });
}
