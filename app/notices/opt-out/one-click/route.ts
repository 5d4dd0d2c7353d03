// RFC 8058 one-click unsubscribe: a mail client's own "Unsubscribe" button POSTs here (the
// List-Unsubscribe header of every notice). A GET is a person's browser: the page with a button.
import { db } from "@/lib/db";
import { now } from "@/lib/clock";
import { optOut } from "@/lib/notices/opt-out";

export async function POST(request: Request) {
  const token = new URL(request.url).searchParams.get("token");
  const result = await optOut(db, token, now());
  return new Response(result === "invalid" ? "Not a valid link.\n" : "Unsubscribed.\n", {
    status: result === "invalid" ? 400 : 200,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}

export async function GET(request: Request) {
  const url = new URL(request.url);
  const page = new URL(`/notices/opt-out?token=${encodeURIComponent(url.searchParams.get("token") ?? "")}`, url);
  return Response.redirect(page, 303);
}
