// Reads of kiosks for the admin area.
import type { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * Every kiosk, revoked ones last, with its class's code and its last check-in: when it last
 * marked a student (face or PIN), not its last contact (`lastContactAt`, any call).
 */
export async function kioskList(db: PrismaClient) {
  const [kiosks, last] = await Promise.all([
    db.kiosk.findMany({ orderBy: [{ revoked: "asc" }, { name: "asc" }], include: { class: { select: { code: true } } } }),
    db.attendanceRecord.groupBy({
      by: ["kioskId"],
      where: { kioskId: { not: null }, method: { in: ["FACE", "PIN"] } },
      _max: { markedAt: true },
    }),
  ]);
  const lastCheckIn = new Map(last.map((g) => [g.kioskId, g._max.markedAt]));
  return kiosks.map((k) => ({ ...k, lastCheckInAt: lastCheckIn.get(k.id) ?? null }));
}

/** Kiosks whose face check-in the probing alarm paused (the dashboard's alert). */
export function pausedKiosks(db: PrismaClient) {
  return db.kiosk.findMany({
    where: { recognitionPausedAt: { not: null }, revoked: false },
    select: { id: true, name: true, recognitionPausedReason: true },
  });
}
