// The address the admin opened Rollcall at (scheme from the trusted proxy, host from the request):
// links an admin hands on (kiosk pairing, staff invites) point where they were made.
import "server-only";
import { headers } from "next/headers";
import { isHttps } from "@/lib/client-address";

export async function requestOrigin(): Promise<string> {
  const h = await headers();
  return `${isHttps(h) ? "https" : "http"}://${h.get("host") ?? "localhost:3000"}`;
}
