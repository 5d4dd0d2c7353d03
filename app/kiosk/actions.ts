"use server";

// Pairing is the kiosk's only server action (a form on the unpaired screen). A paired screen
// talks to the versioned kiosk API (app/api/kiosk/v1/), whose paths do not change between builds.
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";
import { KIOSK_COOKIE, pairKiosk } from "@/lib/kiosk/devices";
import { RateLimiter } from "@/lib/rate-limit";
import { openAction } from "@/app/server-action";
import { clientAddress, isHttps } from "@/lib/client-address";
import { pairingCodeSchema } from "@/lib/validations/kiosk";

const pairingLimiter = new RateLimiter("pair", 10, 0.1);

export const pairAction = openAction(async (form) => {
  // A malformed code is no guess at a real one: refused before it costs a try.
  const code = pairingCodeSchema.safeParse(form.get("code"));
  if (!code.success) return { ok: false, message: "Enter the pairing code from the admin's kiosk page." };
  if (!(await pairingLimiter.take(db, clientAddress(await headers()))))
    return { ok: false, message: "Too many attempts. Wait a few minutes and try again." };
  const paired = await pairKiosk(db, code.data, now());
  if (!paired)
    return { ok: false, message: "This code is not valid: it may be mistyped, used already, or expired. Ask an admin for a new one." };
  const secure = isHttps(await headers());
  (await cookies()).set(KIOSK_COOKIE, paired.token, { httpOnly: true, sameSite: "strict", secure, path: "/", maxAge: 5 * 365 * 24 * 3600 });
  redirect("/kiosk");
});
