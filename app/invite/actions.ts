"use server";
// An invite link's form: the teacher sets their password through the one-time link and is
// signed in with it. The token is the whole permission (lib/staff/invites.ts).
import { AuthError } from "next-auth";
import { signIn } from "@/auth";
import { openAction } from "@/app/server-action";
import { db } from "@/lib/db";
import { now } from "@/lib/clock";
import { redeemInvite } from "@/lib/staff/invites";

export const redeemInviteAction = openAction(async (form) => {
  const password = form.get("password");
  if (password !== form.get("confirm"))
    return {
      ok: false,
      message: "The two passwords differ: type the same one twice.",
      fieldErrors: { confirm: ["Not the same as above."] },
    };
  const result = await redeemInvite(db, form.get("token"), password, now());
  if (!result.ok) return result;
  // Signs in with the password just set, and goes to the teacher's day (signIn redirects by throwing).
  try {
    await signIn("credentials", { email: result.data!.email, password, redirectTo: "/" });
  } catch (error) {
    // The password is set either way; a sign-in refused now (say, throttled) is done by hand.
    if (error instanceof AuthError) return { ok: true, message: "Password set. Sign in with your email and the new password." };
    throw error;
  }
  return result;
});
