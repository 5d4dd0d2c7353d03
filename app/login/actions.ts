"use server";

import { AuthError } from "next-auth";
import { signIn, signOut } from "@/auth";
import { revokeCurrentSession } from "@/app/current-user";
import { openAction } from "@/app/server-action";

const MESSAGES: Record<string, string> = {
  throttled: "Too many failed sign-in attempts. Wait 15 minutes and try again, or ask an administrator.",
  credentials: "Wrong email or password.",
};

export const authenticate = openAction<{ email: string }>(async (form) => {
  try {
    await signIn("credentials", { email: form.get("email"), password: form.get("password"), redirectTo: "/" });
  } catch (error) {
    // signIn redirects on success by throwing; only Auth.js errors become messages.
    if (error instanceof AuthError) {
      const code = error.type === "CredentialsSignin" ? ((error as AuthError & { code?: string }).code ?? "credentials") : "";
      // The email comes back so the form can keep it (React resets a form after its action).
      return {
        ok: false,
        message: MESSAGES[code] ?? "Sign-in failed. Try again.",
        data: { email: String(form.get("email") ?? "").slice(0, 320) },
      };
    }
    throw error;
  }
  return { ok: true, message: "Signed in." }; // not reached: signIn redirected
});

export async function signOutAction(): Promise<void> {
  // Revoked in the database first: the proxy re-issues the session cookie on each request,
  // so a request still in flight could set it again after it was deleted.
  await revokeCurrentSession();
  await signOut({ redirectTo: "/login" });
}
