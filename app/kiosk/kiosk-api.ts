"use client";

// The kiosk screen's side of the kiosk API (app/api/kiosk/v1/): JSON over fetch, the server's
// clock measured on every answer (check-ins carry when a face was seen, on the server's clock),
// and "unreachable" for a network failure or a server error, which the outbox retries.
import { KIOSK_API, type CheckInAnswer, type CheckInFace, type KioskStatus, type PinAnswer } from "@/lib/kiosk/protocol";

export type Reached<T> = { reached: true; status: number; body: T } | { reached: false };

/**
 * Server time minus this screen's time (ms), from the last answer. Kept across reloads: a
 * screen reloaded during an outage still dates what it sees on the server's clock.
 */
const OFFSET_KEY = "rollcall-server-clock-offset-ms";
let offsetMs = typeof localStorage === "undefined" ? 0 : Number(localStorage.getItem(OFFSET_KEY)) || 0;

/** Now, on the server's clock as last measured. */
export function serverNow(): number {
  return Date.now() + offsetMs;
}
/** A page-clock instant (performance.now()) as an ISO time on the server's clock. */
export function serverIso(pageMs: number): string {
  return new Date(performance.timeOrigin + pageMs + offsetMs).toISOString();
}

async function call<T>(path: string, init?: RequestInit): Promise<Reached<T>> {
  const sent = Date.now();
  try {
    // A hanging network counts as unreachable after 10 s (the outbox then keeps the check-in).
    const res = await fetch(`${KIOSK_API}${path}`, {
      ...init,
      cache: "no-store",
      credentials: "same-origin",
      signal: AbortSignal.timeout(10_000),
    });
    if (res.status >= 500) return { reached: false };
    const body = (await res.json()) as T & { serverTime?: string };
    if (body.serverTime) {
      offsetMs = Date.parse(body.serverTime) - (sent + Date.now()) / 2;
      localStorage.setItem(OFFSET_KEY, String(Math.round(offsetMs)));
    }
    return { reached: true, status: res.status, body };
  } catch {
    return { reached: false };
  }
}

const post = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(body),
});

export const kioskApi = {
  checkIns: (faces: CheckInFace[]) => call<CheckInAnswer>("/check-ins", post({ faces })),
  pinCheckIn: (identifier: string, pin: string) =>
    call<PinAnswer | { ok: false; reason?: undefined; error: string; message: string }>("/pin-check-ins", post({ identifier, pin })),
  status: (report: { engine?: string; backend?: string; queue?: number }) => {
    const q = new URLSearchParams();
    if (report.engine) q.set("engine", report.engine);
    if (report.backend) q.set("backend", report.backend);
    if (report.queue !== undefined) q.set("queue", String(report.queue));
    return call<KioskStatus & { ok?: false }>(`/status?${q}`);
  },
};
