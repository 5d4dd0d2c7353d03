// Auth.js settings shared by the proxy (route guard) and the server (auth.ts).
// Kept free of the database and of argon2 so the proxy stays light.
import type { NextAuthConfig } from "next-auth";

export const SESSION_MAX_AGE_S = 8 * 60 * 60; // one school day

export const authConfig = {
  pages: { signIn: "/login" },
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id!;
        token.role = user.role;
      }
      return token;
    },
    session({ session, token }) {
      session.user.id = token.uid;
      session.user.role = token.role;
      session.sid = token.sid;
      return session;
    },
  },
} satisfies NextAuthConfig;
