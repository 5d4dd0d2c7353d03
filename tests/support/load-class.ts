// A class of many enrolled students with synthetic templates, and paired kiosks: the load
// test's and the check-in benchmark's school.
import { descriptorToBytes } from "@/lib/face/match";
import { FACE_MODEL_ID } from "@/lib/face/types";
import { createKiosk, KIOSK_COOKIE, pairKiosk } from "@/lib/kiosk/devices";
import type { RunningApp } from "./app";
import { syntheticFace } from "./synthetic-faces";

export const MONDAY_0805 = "2026-11-30T08:05:00Z";

/**
 * A class of `students` enrolled students, one synthetic template each (seeded), meeting
 * Mondays 08:00–08:50, the server's clock in that meeting, and `kiosks` paired kiosks.
 * Returns the templates' centres (to make probes near them) and the kiosks' cookies.
 */
export async function seedLoadClass(
  app: RunningApp,
  students: number,
  kiosks: number,
): Promise<{ centres: number[][]; cookies: string[] }> {
  const db = app.db;
  const klass = await db.class.create({
    data: { code: "LOAD", title: "Load test", meetings: { create: { weekday: 1, startMinute: 480, endMinute: 530 } } },
  });
  await db.student.createMany({
    data: Array.from({ length: students }, (_, i) => ({
      id: `load-${i}`,
      identifier: `L${i}`,
      givenName: `Student${i}`,
      familyName: "Load",
      consentStatus: "GRANTED" as const,
    })),
  });
  await db.enrollment.createMany({ data: Array.from({ length: students }, (_, i) => ({ classId: klass.id, studentId: `load-${i}` })) });
  // Shaped like real descriptors (the kiosk refuses others); ~0.79 apart, nearest pair ≥ 0.56.
  const centres = Array.from({ length: students }, (_, i) => syntheticFace(2000 + i));
  await db.faceTemplate.createMany({
    data: centres.map((c, i) => ({ studentId: `load-${i}`, descriptor: descriptorToBytes(c), modelId: FACE_MODEL_ID })),
  });
  app.setClock(MONDAY_0805);
  const cookies: string[] = [];
  for (let k = 0; k < kiosks; k++) {
    const { code } = await createKiosk(db, { name: `Load ${k}`, classId: klass.id }, { label: "bench" }, new Date(MONDAY_0805));
    cookies.push(`${KIOSK_COOKIE}=${(await pairKiosk(db, code, new Date(MONDAY_0805)))!.token}`);
  }
  return { centres, cookies };
}
