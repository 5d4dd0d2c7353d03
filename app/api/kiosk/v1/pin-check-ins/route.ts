// POST /api/kiosk/v1/pin-check-ins: a student number and a PIN; the check-in or why not.
import type { NextRequest } from "next/server";
import { checkInWithPin } from "@/lib/attendance/pin";
import { db } from "@/lib/db";
import { answer, callingKiosk, jsonBody } from "../kiosk-route";

export async function POST(req: NextRequest) {
  const caller = await callingKiosk(req);
  if ("refusal" in caller) return caller.refusal;
  const input = await jsonBody(req);
  if ("refusal" in input) return input.refusal;
  const result = await checkInWithPin(db, caller.kiosk, input.body, caller.at);
  return answer(result, result.ok ? 200 : 400);
}
