// POST /api/kiosk/v1/check-ins: descriptors of tracked faces in (with, per face, an event id and
// when it was seen); per face only what the screen may show out. See lib/attendance/checkin.ts.
import type { NextRequest } from "next/server";
import { checkIn } from "@/lib/attendance/checkin";
import { db } from "@/lib/db";
import { answer, callingKiosk, jsonBody } from "../kiosk-route";

export async function POST(req: NextRequest) {
  const caller = await callingKiosk(req);
  if ("refusal" in caller) return caller.refusal;
  const input = await jsonBody(req);
  if ("refusal" in input) return input.refusal;
  const result = await checkIn(db, caller.kiosk, input.body, caller.at);
  const serverTime = caller.at.toISOString();
  if (!result.ok) return answer({ ...result, serverTime }, result.error === "invalid" ? 400 : 423);
  return answer({ ...result, serverTime });
}
