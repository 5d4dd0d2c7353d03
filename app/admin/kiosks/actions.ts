"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { db } from "@/lib/db";
import { isHttps } from "@/lib/client-address";
import { createKiosk, pairingLink, renameKiosk, repairKiosk, resumeRecognition, revokeKiosk } from "@/lib/kiosk/devices";
import { adminActor } from "@/lib/auth/current-user";
import { formOf } from "@/lib/validations/form";

export type KioskState = { ok: boolean; message: string; code?: string; link?: string } | null;
const NOT_ALLOWED = { ok: false, message: "Only admins can manage kiosks." };
const id = z.string().min(1).max(64);

async function origin(): Promise<string> {
  const h = await headers();
  return `${isHttps(h) ? "https" : "http"}://${h.get("host") ?? "localhost:3000"}`;
}

export async function createKioskAction(_p: KioskState, form: FormData): Promise<KioskState> {
  form = formOf(form);
  const admin = await adminActor();
  if (!admin) return NOT_ALLOWED;
  try {
    const { kiosk, code } = await createKiosk(
      db,
      { name: form.get("name"), classId: form.get("classId") ?? undefined, room: form.get("room") ?? undefined },
      admin.actor,
    );
    revalidatePath("/admin/kiosks");
    return {
      ok: true,
      message: `Kiosk "${kiosk.name}" created. Open the link on the classroom screen (valid 24 hours, once):`,
      code,
      link: pairingLink(code, await origin()),
    };
  } catch (e) {
    if (e instanceof z.ZodError) return { ok: false, message: e.issues.map((i) => i.message).join(" ") };
    throw e;
  }
}

export async function kioskAdminAction(_p: KioskState, form: FormData): Promise<KioskState> {
  form = formOf(form);
  const admin = await adminActor();
  if (!admin) return NOT_ALLOWED;
  const kioskId = id.safeParse(form.get("kioskId"));
  if (!kioskId.success) return { ok: false, message: "No such kiosk." };
  const op = form.get("op");
  let result: KioskState;
  if (op === "revoke") {
    await revokeKiosk(db, kioskId.data, admin.actor);
    result = { ok: true, message: "Revoked: the screen can do nothing until it is paired again." };
  } else if (op === "pair") {
    const code = await repairKiosk(db, kioskId.data, admin.actor);
    result = { ok: true, message: "New pairing code (the old pairing stops working):", code, link: pairingLink(code, await origin()) };
  } else if (op === "resume") {
    const resumed = await resumeRecognition(db, kioskId.data, admin.actor);
    result = resumed
      ? { ok: true, message: "Face check-in resumed on this screen." }
      : { ok: false, message: "Face check-in was not paused." };
  } else if (op === "rename") {
    const name = z.string().trim().min(1).max(80).safeParse(form.get("name"));
    if (!name.success) return { ok: false, message: "Enter a name." };
    await renameKiosk(db, kioskId.data, name.data, admin.actor);
    result = { ok: true, message: "Renamed." };
  } else return { ok: false, message: "Unknown action." };
  revalidatePath("/admin/kiosks");
  return result;
}
