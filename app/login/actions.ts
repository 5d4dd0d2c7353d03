"use server";

import { AuthError } from "next-auth";
import { signIn, signOut } from "@/auth";
import { revokeCurrentSession } from "@/lib/auth/current-user";
import { formOf } from "@/lib/validations/form";

export type SignInState = { message: string } | undefined;

const MESSAGES: Record<string, string> = {
  throttled: "Too many failed sign-in attempts. Wait 15 minutes and try again, or ask an administrator.",
  credentials: "Wrong email or password.",
};

export async function authenticate(_prev: SignInState, formData: FormData): Promise<SignInState> {
  formData = formOf(formData);
  try {
    await signIn("credentials", {
      email: formData.get("email"),
      password: formData.get("password"),
      redirectTo: "/",
    });
  } catch (error) {
    // signIn redirects on success by throwing; only Auth.js errors become messages.
    if (error instanceof AuthError) {
      const code = error.type === "CredentialsSignin" ? ((error as AuthError & { code?: string }).code ?? "credentials") : "";
      return { message: MESSAGES[code] ?? "Sign-in failed. Try again." };
    }
    throw error;
  }
}

export async function signOutAction(): Promise<void> {
  // Revoked in the database first: the proxy re-issues the session cookie on each request,
  // so a request still in flight could set it again after it was deleted.
  await revokeCurrentSession();
  await signOut({ redirectTo: "/login" });
}
