"use server";

import { linkQrCode } from "@/app/qr-code";
import { db } from "@/lib/db";
import { requestOrigin } from "@/app/request-origin";
import { createKiosk, pairingLink, renameKiosk, repairKiosk, resumeRecognition, revokeKiosk } from "@/lib/kiosk/devices";
import { notFound, type ActionResult } from "@/lib/result";
import { adminAction, onRecord } from "@/app/server-action";
import { kioskNameSchema } from "@/lib/validations/kiosk";
import { resumePinEntry } from "@/lib/attendance/pin";
import { now } from "@/lib/clock";

/** A new pairing code, its link, and the link as a QR code (a PNG data URL) for a tablet's camera; shown once. */
export type Pairing = { code: string; link: string; qr: string };

async function pairing(code: string): Promise<Pairing> {
  const link = pairingLink(code, await requestOrigin());
  return { code, link, qr: await linkQrCode(link, 240) };
}

const KIOSKS = { revalidate: "/admin/kiosks" };

export const createKioskAction = adminAction<Pairing>(async (form, { actor }) => {
  const { kiosk, code } = await createKiosk(
    db,
    { name: form.get("name"), classId: form.get("classId") ?? undefined, room: form.get("room") ?? undefined },
    actor,
  );
  return {
    ok: true,
    message: `Kiosk "${kiosk.name}" created. Open the link on the classroom screen (valid 24 hours, once):`,
    data: await pairing(code),
  };
}, KIOSKS);

export const kioskAdminAction = adminAction<Pairing>(
  onRecord(
    "kioskId",
    async (kioskId, form, { actor }): Promise<ActionResult<Pairing>> => {
      // lib/kiosk's commands assume the kiosk exists (and would fail on the write).
      if (!(await db.kiosk.count({ where: { id: kioskId } }))) return notFound("kiosk");
      const op = form.get("op");
      if (op === "revoke") {
        await revokeKiosk(db, kioskId, actor);
        return { ok: true, message: "Revoked: the screen can do nothing until it is paired again." };
      }
      if (op === "pair") {
        const code = await repairKiosk(db, kioskId, actor);
        return {
          ok: true,
          message: "New pairing code (the old pairing stops working):",
          data: await pairing(code),
        };
      }
      if (op === "resume")
        return (await resumeRecognition(db, kioskId, actor))
          ? { ok: true, message: "Face check-in resumed on this screen." }
          : { ok: false, message: "Face check-in was not paused." };
      if (op === "rename") {
        const name = kioskNameSchema.safeParse(form.get("name"));
        if (!name.success) return { ok: false, message: "Enter a name." };
        await renameKiosk(db, kioskId, name.data, actor);
        return { ok: true, message: "Renamed." };
      }
      return { ok: false, message: "Unknown action." };
    },
    notFound("kiosk"),
  ),
  KIOSKS,
);

/** Lifts a PIN lockout: a student's (studentId) or a whole screen's (kioskId). */
export const resumePinAction = adminAction(async (form, { actor }) => {
  const studentId = form.get("studentId");
  const target = studentId ? { studentId } : { kioskId: form.get("kioskId") };
  return resumePinEntry(db, target, actor, now());
}, KIOSKS);
