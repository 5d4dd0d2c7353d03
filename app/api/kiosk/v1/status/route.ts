// GET /api/kiosk/v1/status?engine=worker&backend=wasm&queue=0: what class is in session, the
// school's time, and whether the screen is still paired. The query reports how the screen runs
// recognition and how many check-ins it holds offline, for the admin's kiosk list.
import type { NextRequest } from "next/server";
import { db } from "@/lib/db";
import { kioskStatus } from "@/lib/kiosk/devices";
import { answer, callingKiosk, UNPAIRED } from "../kiosk-route";

export async function GET(req: NextRequest) {
  const caller = await callingKiosk(req);
  if ("refusal" in caller) return caller.refusal.status === 401 ? answer({ ...UNPAIRED, paired: false }, 401) : caller.refusal;
  const q = req.nextUrl.searchParams;
  const report = {
    engine: q.get("engine") ? { mode: q.get("engine"), backend: q.get("backend") } : undefined,
    queue: q.get("queue") ?? undefined,
  };
  return answer(await kioskStatus(db, caller.kiosk, caller.at, report));
}
