// What the three kiosk API routes share: the kiosk from its device cookie, the per-kiosk rate
// limit, a size-capped JSON body, and JSON answers that no cache keeps. The routes are the
// kiosk's stable interface (server-action ids change with every build; a kiosk's outbox may
// replay a call queued before an update).
import type { NextRequest } from "next/server";
import { db } from "@/lib/db";
import { now } from "@/lib/clock";
import { KIOSK_COOKIE, kioskByToken } from "@/lib/kiosk/devices";
import { RateLimiter } from "@/lib/rate-limit";
import type { Kiosk } from "@/lib/generated/prisma/client";

// A kiosk sends a call every half second or so; bursts beyond this are refused.
const limiter = new RateLimiter("kiosk", 20, 5);
/** 10 faces × 5 frames × 128 numbers as JSON is ~130 KB; anything far larger is not a kiosk's. */
const MAX_BODY_BYTES = 256 * 1024;

export function answer(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}

export const UNPAIRED = { ok: false, error: "unpaired", message: "This screen is not paired (or its pairing was revoked)." } as const;

/** The calling kiosk, or the answer that refuses it (not paired: 401; too fast: 429). */
export async function callingKiosk(req: NextRequest): Promise<{ kiosk: Kiosk; at: Date } | { refusal: Response }> {
  const kiosk = await kioskByToken(db, req.cookies.get(KIOSK_COOKIE)?.value);
  if (!kiosk) return { refusal: answer(UNPAIRED, 401) };
  if (!(await limiter.take(db, kiosk.id)))
    return { refusal: answer({ ok: false, error: "rate_limited", message: "Too many requests: slow down." }, 429) };
  return { kiosk, at: now() };
}

/** The request's JSON body, or an answer saying what is wrong with it (nothing is written). */
export async function jsonBody(req: NextRequest): Promise<{ body: unknown } | { refusal: Response }> {
  const invalid = (message: string, status = 400) => ({ refusal: answer({ ok: false, error: "invalid", message }, status) });
  if (!/^application\/json\b/i.test(req.headers.get("content-type") ?? ""))
    return invalid("Send JSON (Content-Type: application/json).", 415);
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) return invalid("The request is too large.", 413);
  const reader = req.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      return invalid("The request is too large.", 413);
    }
    chunks.push(value);
  }
  try {
    return { body: JSON.parse(Buffer.concat(chunks).toString("utf8")) };
  } catch {
    return invalid("The body is not valid JSON.");
  }
}
