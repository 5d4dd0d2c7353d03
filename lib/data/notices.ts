// The Notices page's reads: the outbox by state and day, with names to show.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { NoticeStatus } from "@/lib/generated/prisma/enums";
import { NOTICE_STATUSES, type NoticeListQuery } from "@/lib/validations/notices";

export const NOTICE_PAGE_SIZE = 200;

export async function noticeList(db: PrismaClient, q: NoticeListQuery) {
  const where = { ...(q.status ? { status: q.status } : {}), ...(q.date ? { date: q.date } : {}) };
  const [rows, byStatus] = await Promise.all([
    db.notice.findMany({
      where,
      orderBy: [{ date: "desc" }, { createdAt: "desc" }],
      take: NOTICE_PAGE_SIZE,
      include: {
        guardian: { select: { givenName: true, familyName: true, email: true } },
        student: { select: { id: true, givenName: true, familyName: true, preferredName: true, identifier: true } },
      },
    }),
    db.notice.groupBy({ by: ["status"], where: q.date ? { date: q.date } : {}, _count: { _all: true } }),
  ]);
  const counts = Object.fromEntries(NOTICE_STATUSES.map((s) => [s, 0])) as Record<NoticeStatus, number>;
  for (const g of byStatus) counts[g.status] = g._count._all;
  return { rows, counts };
}
