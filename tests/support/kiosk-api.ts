// The kiosk API (app/api/kiosk/v1/) called over HTTP as a kiosk screen does: JSON, device cookie.
import { KIOSK_API } from "@/lib/kiosk/protocol";

export async function kioskPost(
  baseUrl: string,
  path: "/check-ins" | "/pin-check-ins",
  body: unknown,
  cookie: string,
): Promise<{ status: number; value: unknown }> {
  const res = await fetch(`${baseUrl}${KIOSK_API}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Cookie: cookie },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let value: unknown = null;
  try {
    value = JSON.parse(text);
  } catch {
    value = text;
  }
  return { status: res.status, value };
}
