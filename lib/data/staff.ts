// Reads of staff accounts for the admin area.
import type { PrismaClient } from "@/lib/generated/prisma/client";

/** Every teacher account, active first, with the classes each teaches and its live invite link, if any. */
export function teacherList(db: PrismaClient, at: Date) {
  return db.user.findMany({
    where: { role: "TEACHER" },
    orderBy: [{ active: "desc" }, { name: "asc" }],
    include: {
      teaching: { include: { class: { select: { code: true } } } },
      invites: { where: { usedAt: null, expiresAt: { gt: at } }, select: { expiresAt: true } },
    },
  });
}

/** Active teachers for a choice list. */
export function teacherOptions(db: PrismaClient) {
  return db.user.findMany({ where: { role: "TEACHER", active: true }, orderBy: { name: "asc" }, select: { id: true, name: true } });
}
