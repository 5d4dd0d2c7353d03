"use server";
// An invite link's form: the teacher sets their password through the one-time link and is
// signed in with it. The token is the whole permission (lib/staff/invites.ts).
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
  await signIn("credentials", { email: result.data!.email, password, redirectTo: "/" });
  return result;
});
