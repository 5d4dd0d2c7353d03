// Check-in without a face: the student types their student number and personal PIN at
// the kiosk (for students without consent, or not recognised). Repeated wrong PINs lock
// the kiosk's PIN entry for a while; no message says which of the two was wrong.
import type { Kiosk, PrismaClient } from "@/lib/generated/prisma/client";
import { writeAudit, type Actor } from "@/lib/audit";
import { hashSecret, timingDummyHash, verifySecret } from "@/lib/auth/password";
import { kioskClassIds } from "@/lib/kiosk/devices";
import type { PinAnswer } from "@/lib/kiosk/protocol";
import { markStudent } from "./checkin";
import { currentSlot, sessionFor } from "./session";
import { schoolSettings } from "@/lib/settings";
import { enrolledOnWhere } from "@/lib/access";
import { pinCheckInSchema, pinSchema } from "@/lib/validations/kiosk";

export const PIN_RULES = { maxFailures: 5, windowMs: 10 * 60_000 };

export type PinResult = PinAnswer;

export async function checkInWithPin(db: PrismaClient, kiosk: Kiosk, raw: unknown, at: Date): Promise<PinResult> {
  const input = pinCheckInSchema.safeParse(raw);
  if (!input.success) return { ok: false, reason: "invalid", message: "Enter your student number and PIN." };
  const slot = await currentSlot(db, await kioskClassIds(db, kiosk), at);
  if (!slot) return { ok: false, reason: "no_session", message: "No class is in session here now." };
  const session = await sessionFor(db, slot);
  // The try is counted as a failure before the slow check, in one transaction with the count, so
  // a parallel burst gets at most the limit of checks; a success takes it back.
  const reserved = await db.$transaction(async (tx) => {
    const row = await tx.checkInAttempt.create({
      data: { kioskId: kiosk.id, sessionId: session.id, outcome: "PIN_FAILED", createdAt: at },
    });
    const failures = await tx.checkInAttempt.count({
      where: { kioskId: kiosk.id, outcome: "PIN_FAILED", createdAt: { gt: new Date(at.getTime() - PIN_RULES.windowMs) } },
    });
    if (failures <= PIN_RULES.maxFailures) return row.id;
    await tx.checkInAttempt.delete({ where: { id: row.id } });
    return null;
  });
  if (!reserved) return { ok: false, reason: "locked", message: "PIN entry is paused after several wrong tries. Please see your teacher." };

  const student = await db.student.findFirst({
    where: {
      identifier: input.data.identifier,
      status: "ACTIVE",
      enrollments: {
        some: {
          classId: slot.classId,
          ...enrolledOnWhere(slot.date),
        },
      },
    },
    select: { id: true, pinHash: true },
  });
  // Same work whether or not the student exists, so timing tells nothing.
  const valid = await verifySecret(student?.pinHash ?? (await timingDummyHash()), input.data.pin);
  if (!student || !student.pinHash || !valid)
    return { ok: false, reason: "wrong", message: "That student number and PIN do not match a student of this class." };
  await db.checkInAttempt.delete({ where: { id: reserved } });
  const settings = await schoolSettings(db);
  const marked = await markStudent(db, {
    sessionId: session.id,
    tardyAt: slot.tardyAt,
    studentId: student.id,
    at,
    method: "PIN",
    kioskId: kiosk.id,
    timeZone: settings.timeZone,
  });
  return { ok: true, ...marked };
}

/** Sets (or with null, removes) a student's check-in PIN; only its hash is stored. */
export async function setStudentPin(
  db: PrismaClient,
  studentId: string,
  pin: string | null,
  actor: Actor,
): Promise<{ ok: true } | { ok: false; message: string }> {
  let pinHash: string | null = null;
  if (pin !== null) {
    const parsed = pinSchema.safeParse(pin);
    if (!parsed.success) return { ok: false, message: parsed.error.issues[0].message };
    pinHash = await hashSecret(parsed.data);
  }
  await db.$transaction(async (tx) => {
    await tx.student.update({ where: { id: studentId }, data: { pinHash } });
    await writeAudit(tx, actor, {
      action: pin === null ? "student.pin.remove" : "student.pin.set",
      targetType: "Student",
      targetId: studentId,
    });
  });
  return { ok: true };
}
