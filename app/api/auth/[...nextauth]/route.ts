// Auth.js's own routes. The app has its own sign-in page and sign-out (which also ends the
// sign-in server-side), so Auth.js's pages are not served: they carried no content security
// policy, and its sign-out ended the cookie but not the server-side sign-in (a copy of the cookie
// still worked). JSON endpoints stay, with a policy that allows nothing to run.
import { NextResponse, type NextRequest } from "next/server";
import { handlers } from "@/auth";
import { revokeCurrentSession } from "@/app/current-user";

const PAGES = new Set(["signin", "signout", "error", "verify-request", "new-user"]);
const NO_CONTENT_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

function action(req: NextRequest): string {
  return req.nextUrl.pathname.replace(/^\/api\/auth\/?/, "").split("/")[0];
}

function withPolicy(res: Response): Response {
  res.headers.set("Content-Security-Policy", NO_CONTENT_POLICY);
  return res;
}

export async function GET(req: NextRequest) {
  if (PAGES.has(action(req))) return withPolicy(NextResponse.redirect(new URL("/login", req.nextUrl), 303));
  return withPolicy(await handlers.GET(req));
}

export async function POST(req: NextRequest) {
  // Auth.js's sign-out ends the server-side sign-in too, like the app's own.
  if (action(req) === "signout") await revokeCurrentSession();
  return withPolicy(await handlers.POST(req));
}
