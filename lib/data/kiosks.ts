// Reads of kiosks for the admin area.
import type { PrismaClient } from "@/lib/generated/prisma/client";

/** Every kiosk, revoked ones last, with its class's code. */
export function kioskList(db: PrismaClient) {
  return db.kiosk.findMany({ orderBy: [{ revoked: "asc" }, { name: "asc" }], include: { class: { select: { code: true } } } });
}

/** Kiosks whose face check-in the probing alarm paused (the dashboard's alert). */
export function pausedKiosks(db: PrismaClient) {
  return db.kiosk.findMany({
    where: { recognitionPausedAt: { not: null }, revoked: false },
    select: { id: true, name: true, recognitionPausedReason: true },
  });
}
