// Check-in without a face: the student types their student number (any case, spaces ignored)
// and personal PIN at the kiosk (for students without consent, or not recognised). Wrong PINs
// lock PIN entry for that student only (PIN_RULES.maxFailures), with a ceiling per kiosk high
// enough for a class; no message says which of number and PIN was wrong. Lockouts are listed for
// staff (pinLockouts) and lifted by hand (resumePinEntry, audited). A PIN check-in that marks
// nobody creates no session (lib/attendance/session.ts).
import type { Kiosk, PrismaClient } from "@/lib/generated/prisma/client";
import { writeAudit, type Actor } from "@/lib/audit";
import { hashSecret, timingDummyHash, verifySecret } from "@/lib/auth/password";
import { kioskClassIds } from "@/lib/kiosk/devices";
import type { PinAnswer } from "@/lib/kiosk/protocol";
import { markStudent } from "./checkin";
import { attemptMeeting, currentSlot, sessionFor } from "./session";
import { schoolSettings } from "@/lib/settings";
import { enrolledOnWhere } from "@/lib/access";
import { studentName } from "@/lib/names";
import { pinCheckInSchema, pinResumeSchema, pinSchema } from "@/lib/validations/kiosk";
import type { ActionResult } from "@/lib/result";

/** Wrong PINs for one student, and for one kiosk (a whole class mistyping), within the window. */
export const PIN_RULES = { maxFailures: 5, kioskMaxFailures: 30, windowMs: 10 * 60_000 };

export type PinResult = PinAnswer;

const LOCKED_STUDENT = "PIN entry for this student number is paused after several wrong tries. Please see your teacher.";
const LOCKED_KIOSK = "PIN entry is paused on this screen after many wrong tries. Please see your teacher.";
const WRONG = "That student number and PIN do not match a student of this class.";
const NOT_IN_CLASS = "You are not on this class's list. Please see your teacher.";

/** "s 2012 " → "s2012": how a typed student number is compared with the stored one. */
export function identifierKey(identifier: string): string {
  return identifier.replace(/\s+/g, "").toLowerCase();
}

/**
 * The active student whose number this is, compared without case or spaces. Raw SQL because
 * Prisma's case-insensitive filter exists on PostgreSQL only; lower() and replace() are in both.
 * SQLite's lower() folds ASCII only, so a non-ASCII number must be typed as stored.
 */
async function studentByIdentifier(db: PrismaClient, typed: string) {
  const key = identifierKey(typed);
  const rows = await db.$queryRaw<{ id: string; identifier: string }[]>`
    SELECT "id", "identifier" FROM "Student"
    WHERE "status" = 'ACTIVE' AND (replace(lower("identifier"), ' ', '') = ${key} OR "identifier" = ${typed})`;
  // Two numbers differing only in case (unlikely, allowed by the unique index): the exact one, else neither.
  const found = rows.length === 1 ? rows[0] : rows.find((r) => r.identifier === typed);
  return found ? db.student.findUnique({ where: { id: found.id }, select: { id: true, pinHash: true } }) : null;
}

export async function checkInWithPin(db: PrismaClient, kiosk: Kiosk, raw: unknown, at: Date): Promise<PinResult> {
  const input = pinCheckInSchema.safeParse(raw);
  if (!input.success) return { ok: false, reason: "invalid", message: "Enter your student number and PIN." };
  const slot = await currentSlot(db, await kioskClassIds(db, kiosk), at);
  if (!slot) return { ok: false, reason: "no_session", message: "No class is in session here now." };
  const student = await studentByIdentifier(db, input.data.identifier);
  const since = new Date(at.getTime() - PIN_RULES.windowMs);
  // The try is counted as a failure before the slow check, in one transaction with the counts, so
  // a parallel burst gets at most the limit of checks; a success takes it back. The attempt names
  // the meeting, never a session: a wrong PIN must not create one.
  const reserved = await db.$transaction(async (tx) => {
    const row = await tx.checkInAttempt.create({
      data: { kioskId: kiosk.id, ...attemptMeeting(slot), studentId: student?.id ?? null, outcome: "PIN_FAILED", createdAt: at },
    });
    const [onKiosk, forStudent] = await Promise.all([
      tx.checkInAttempt.count({ where: { kioskId: kiosk.id, outcome: "PIN_FAILED", createdAt: { gt: since } } }),
      student ? tx.checkInAttempt.count({ where: { studentId: student.id, outcome: "PIN_FAILED", createdAt: { gt: since } } }) : 0,
    ]);
    if (onKiosk <= PIN_RULES.kioskMaxFailures && forStudent <= PIN_RULES.maxFailures) return { id: row.id };
    await tx.checkInAttempt.delete({ where: { id: row.id } });
    return { locked: onKiosk > PIN_RULES.kioskMaxFailures ? LOCKED_KIOSK : LOCKED_STUDENT };
  });
  if (reserved.locked !== undefined) return { ok: false, reason: "locked", message: reserved.locked };

  // Same work whether or not the student exists, so timing tells nothing.
  const valid = await verifySecret(student?.pinHash ?? (await timingDummyHash()), input.data.pin);
  if (!student || !student.pinHash || !valid) return { ok: false, reason: "wrong", message: WRONG };
  await db.checkInAttempt.delete({ where: { id: reserved.id } });
  // The right PIN of a student of another class: not a failure (no lockout), but no mark either.
  const enrolled = await db.enrollment.findFirst({
    where: { studentId: student.id, classId: slot.classId, ...enrolledOnWhere(slot.date) },
    select: { id: true },
  });
  if (!enrolled) {
    await db.checkInAttempt.create({ data: { kioskId: kiosk.id, ...attemptMeeting(slot), outcome: "NOT_IN_CLASS", createdAt: at } });
    return { ok: false, reason: "not_in_class", message: NOT_IN_CLASS };
  }
  const [settings, session] = await Promise.all([schoolSettings(db), sessionFor(db, slot)]);
  const marked = await markStudent(db, {
    sessionId: session.id,
    tardyAt: session.tardyAt,
    closedAt: session.closedAt,
    studentId: student.id,
    at,
    method: "PIN",
    kioskId: kiosk.id,
    clock: settings.clock,
  });
  return { ok: true, ...marked };
}

export type PinLockout = {
  /** Null: the kiosk's ceiling was reached (PIN entry paused for everyone on it). */
  student: { id: string; name: string; identifier: string } | null;
  kiosk: { id: string; name: string };
  until: Date;
};

/** Locked until the oldest failure that keeps the count at the limit leaves the window. */
function lockedUntil(times: Date[], limit: number): Date | null {
  return times.length >= limit ? new Date(times[times.length - limit].getTime() + PIN_RULES.windowMs) : null;
}

/** The PIN lockouts in force at `at`: per student (with the kiosk of the last wrong try) and per kiosk. */
export async function pinLockouts(db: PrismaClient, at: Date): Promise<PinLockout[]> {
  const failures = await db.checkInAttempt.findMany({
    where: { outcome: "PIN_FAILED", createdAt: { gt: new Date(at.getTime() - PIN_RULES.windowMs), lte: at } },
    select: {
      createdAt: true,
      kiosk: { select: { id: true, name: true } },
      student: { select: { id: true, identifier: true, givenName: true, familyName: true, preferredName: true } },
    },
    orderBy: { createdAt: "asc" },
  });
  const group = <K>(key: (f: (typeof failures)[number]) => K | null) => {
    const groups = new Map<K, typeof failures>();
    for (const f of failures) {
      const k = key(f);
      if (k !== null) groups.set(k, [...(groups.get(k) ?? []), f]);
    }
    return [...groups.values()];
  };
  const lockouts: PinLockout[] = [];
  for (const fs of group((f) => f.student?.id ?? null)) {
    const until = lockedUntil(
      fs.map((f) => f.createdAt),
      PIN_RULES.maxFailures,
    );
    const s = fs[0].student!;
    if (until)
      lockouts.push({ student: { id: s.id, name: studentName(s), identifier: s.identifier }, kiosk: fs[fs.length - 1].kiosk, until });
  }
  for (const fs of group((f) => f.kiosk.id)) {
    const until = lockedUntil(
      fs.map((f) => f.createdAt),
      PIN_RULES.kioskMaxFailures,
    );
    if (until) lockouts.push({ student: null, kiosk: fs[0].kiosk, until });
  }
  return lockouts.sort((a, b) => a.until.getTime() - b.until.getTime());
}

/**
 * Lifts a PIN lockout now: a student's (their wrong tries of the window are forgotten) or a
 * kiosk's (all wrong tries on it). Audited; false when there was nothing to lift.
 */
export async function resumePinEntry(db: PrismaClient, raw: unknown, actor: Actor, at: Date): Promise<ActionResult> {
  const input = pinResumeSchema.safeParse(raw);
  if (!input.success) return { ok: false, message: input.error.issues[0].message };
  const target = input.data;
  const window = { outcome: "PIN_FAILED" as const, createdAt: { gt: new Date(at.getTime() - PIN_RULES.windowMs), lte: at } };
  return db.$transaction(async (tx) => {
    const { count } = await tx.checkInAttempt.deleteMany({
      where: { ...window, ...("studentId" in target ? { studentId: target.studentId } : { kioskId: target.kioskId }) },
    });
    if (count === 0)
      return { ok: false as const, code: "not_found" as const, message: "Nothing to resume: PIN entry is not paused there." };
    await writeAudit(tx, actor, {
      action: "pin.resume",
      ...("studentId" in target
        ? { targetType: "Student", targetId: target.studentId }
        : { targetType: "Kiosk", targetId: target.kioskId }),
      after: { clearedFailures: count },
    });
    return {
      ok: true as const,
      message: "studentId" in target ? "PIN entry resumed for this student." : "PIN entry resumed on this screen.",
    };
  });
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
