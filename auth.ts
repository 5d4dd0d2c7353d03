// Auth.js: staff sign in with email and password; JWT sessions carry id and role.
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authConfig } from "@/auth.config";
import { db } from "@/lib/db";
import { checkSignIn } from "@/lib/staff";
import { clientAddress } from "@/lib/client-address";

/** Thrown while an account or address is locked out; the login form shows its code. */
class SignInThrottled extends CredentialsSignin {
  code = "throttled";
}

/** Auth.js error types that a malformed or hostile request causes, not a fault of ours. */
const CALLER_ERRORS = new Set([
  "MissingCSRF",
  "InvalidProvider",
  "UnknownAction",
  "InvalidCallbackUrl",
  "InvalidCheck",
  "WebAuthnVerificationError",
]);

export const { auth, signIn, signOut, handlers } = NextAuth({
  ...authConfig,
  logger: {
    // A wrong password is an expected event, not a server error with a stack trace; a request
    // Auth.js refuses as malformed (no CSRF token, an unknown provider or action) is the caller's
    // fault: one warning line, so a flood of them cannot fill the error log.
    error(error) {
      const type = (error as { type?: string }).type;
      if (error instanceof CredentialsSignin || type === "CredentialsSignin") return;
      if (type && CALLER_ERRORS.has(type)) return console.warn(`[auth] refused: ${type}`);
      console.error("[auth]", error);
    },
  },
  callbacks: {
    ...authConfig.callbacks,
    // At sign-in (only then is `user` set), record the session server-side.
    async jwt(params) {
      const token = await authConfig.callbacks.jwt(params);
      if (params.user?.id) token.sid = (await db.staffSession.create({ data: { userId: params.user.id } })).id;
      return token;
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        const result = await checkSignIn(db, credentials, clientAddress(request.headers));
        if (result.ok) return result.user;
        if (result.reason === "throttled") throw new SignInThrottled();
        return null;
      },
    }),
  ],
});
