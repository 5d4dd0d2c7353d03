// Sends anonymous visitors of /admin and /teacher to the sign-in page.
import NextAuth from "next-auth";
import { authConfig } from "@/auth.config";

export default NextAuth(authConfig).auth;

export const config = {
  // Everything except static files, models and Auth.js's own routes.
  matcher: ["/((?!api/auth|_next/static|_next/image|models/|tfjs/|favicon.ico).*)"],
};
