// Runs before every page and action request (not static files, models or Auth.js routes):
// sends anonymous visitors of staff areas to the sign-in page, and sets a strict content
// security policy with a fresh nonce, which Next puts on its own scripts.
import NextAuth from "next-auth";
import { NextResponse } from "next/server";
import { authConfig } from "@/auth.config";
import { contentSecurityPolicy, isStaffArea } from "@/lib/security-headers";

const { auth } = NextAuth(authConfig);

export default auth((req) => {
  if (isStaffArea(req.nextUrl.pathname) && !req.auth?.user) {
    const login = new URL("/login", req.nextUrl);
    login.searchParams.set("callbackUrl", req.nextUrl.pathname + req.nextUrl.search);
    return NextResponse.redirect(login);
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV !== "production");
  const headers = new Headers(req.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set("Content-Security-Policy", csp);
  return res;
});

export const config = {
  // Everything except static files, models and Auth.js's own routes.
  matcher: ["/((?!api/auth|_next/static|_next/image|models/|tfjs/|favicon.ico).*)"],
};
