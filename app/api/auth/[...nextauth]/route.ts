// Auth.js's own routes. The app has its own sign-in page and sign-out (which also ends the
// sign-in server-side), so Auth.js's pages are not served: they carried no content security
// policy, and its sign-out ended the cookie but not the server-side sign-in (a copy of the cookie
// still worked). JSON endpoints stay, with a policy that allows nothing to run; posts are
// rate-limited per address (a flood costs a bucket lookup, not a password hash or a log line).
import { NextResponse, type NextRequest } from "next/server";
import { handlers } from "@/auth";
import { revokeCurrentSession } from "@/app/current-user";
import { db } from "@/lib/db";
import { clientAddress } from "@/lib/client-address";
import { RateLimiter } from "@/lib/rate-limit";

const PAGES = new Set(["signin", "signout", "error", "verify-request", "new-user"]);
const NO_CONTENT_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
/** 30 posts at once, then one every 2 s per address: far above what people signing in and out send. */
const limiter = new RateLimiter("auth", 30, 0.5);

function action(req: NextRequest): string {
  return req.nextUrl.pathname.replace(/^\/api\/auth\/?/, "").split("/")[0];
}

/**
 * Auth.js's responses (its redirects above all) have immutable headers: setting one threw, and
 * every failed sign-in became a 500 with a stack trace. The policy goes on a copy instead.
 */
function withPolicy(res: Response): Response {
  const headers = new Headers(res.headers);
  headers.set("Content-Security-Policy", NO_CONTENT_POLICY);
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}

async function limited(req: NextRequest): Promise<Response | null> {
  if (await limiter.take(db, clientAddress(req.headers))) return null;
  return withPolicy(
    NextResponse.json({ error: "Too many requests: wait a minute and try again." }, { status: 429, headers: { "Retry-After": "60" } }),
  );
}

export async function GET(req: NextRequest) {
  if (PAGES.has(action(req))) return withPolicy(NextResponse.redirect(new URL("/login", req.nextUrl), 303));
  return withPolicy(await handlers.GET(req));
}

export async function POST(req: NextRequest) {
  const refused = await limited(req);
  if (refused) return refused;
  // Auth.js's sign-out ends the server-side sign-in too, like the app's own.
  if (action(req) === "signout") await revokeCurrentSession();
  return withPolicy(await handlers.POST(req));
}
