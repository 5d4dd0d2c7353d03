"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { checkIn, type CheckInResult } from "@/lib/attendance/checkin";
import { checkInWithPin, type PinResult } from "@/lib/attendance/pin";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";
import { KIOSK_COOKIE, kioskStatus, type KioskStatus, kioskByToken, pairKiosk } from "@/lib/kiosk/devices";
import { RateLimiter } from "@/lib/rate-limit";
import { openAction } from "@/app/server-action";
import { clientAddress, isHttps } from "@/lib/client-address";
import { pairingCodeSchema } from "@/lib/validations/kiosk";

// A kiosk sends a call every half second or so; bursts beyond this are refused.
const limiter = new RateLimiter(20, 5);
const pairingLimiter = new RateLimiter(10, 0.1);

async function currentKiosk() {
  return kioskByToken(db, (await cookies()).get(KIOSK_COOKIE)?.value);
}

export const pairAction = openAction(async (form) => {
  // A malformed code is no guess at a real one: refused before it costs a try.
  const code = pairingCodeSchema.safeParse(form.get("code"));
  if (!code.success) return { ok: false, message: "Enter the pairing code from the admin's kiosk page." };
  if (!pairingLimiter.take(`pair:${clientAddress(await headers())}`))
    return { ok: false, message: "Too many attempts. Wait a few minutes and try again." };
  const paired = await pairKiosk(db, code.data, now());
  if (!paired)
    return { ok: false, message: "This code is not valid: it may be mistyped, used already, or expired. Ask an admin for a new one." };
  const secure = isHttps(await headers());
  (await cookies()).set(KIOSK_COOKIE, paired.token, { httpOnly: true, sameSite: "strict", secure, path: "/", maxAge: 5 * 365 * 24 * 3600 });
  redirect("/kiosk");
});

export type KioskCall = CheckInResult | { ok: false; error: "unpaired" | "rate_limited"; message: string };

/** Descriptors of tracked faces in; what the screen may show out. */
export async function checkInAction(payload: unknown): Promise<KioskCall> {
  const kiosk = await currentKiosk();
  if (!kiosk) return { ok: false, error: "unpaired", message: "This screen is not paired (or its pairing was revoked)." };
  if (!limiter.take(kiosk.id)) return { ok: false, error: "rate_limited", message: "Too many requests: slow down." };
  return checkIn(db, kiosk, payload, now());
}

export type { KioskStatus };

/** The screen's half-minute poll; it reports how it runs recognition (`engine`), for the admin's list. */
export async function kioskStatusAction(engine?: unknown): Promise<KioskStatus> {
  const kiosk = await currentKiosk();
  return kiosk ? kioskStatus(db, kiosk, now(), engine) : { paired: false };
}

export async function pinCheckInAction(
  payload: unknown,
): Promise<PinResult | { ok: false; reason: "unpaired" | "rate_limited"; message: string }> {
  const kiosk = await currentKiosk();
  if (!kiosk) return { ok: false, reason: "unpaired", message: "This screen is not paired (or its pairing was revoked)." };
  if (!limiter.take(kiosk.id)) return { ok: false, reason: "rate_limited", message: "Too many requests: slow down." };
  return checkInWithPin(db, kiosk, payload, now());
}
