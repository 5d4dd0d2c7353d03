"use server";
// A family's opt-out from absence notices: the signed link in the email, no sign-in.
import { db } from "@/lib/db";
import { now } from "@/lib/clock";
import { openAction } from "@/app/server-action";
import { optOut } from "@/lib/notices/opt-out";

const OPT_OUT_ANSWERS = {
  "opted-out": { ok: true, message: "Done: you will get no more absence emails from the school." },
  already: { ok: true, message: "You had already stopped these emails: you will get no more." },
  invalid: { ok: false, message: "This link is not valid. Use the link in the school's email, or contact the school office." },
} as const;

export const optOutAction = openAction(async (form) => OPT_OUT_ANSWERS[await optOut(db, form.get("token"), now())]);
