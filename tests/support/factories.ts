// Test factories: a school's world in a few calls, on a real database, so that a test says what
// it is about instead of forty lines of Prisma. Each takes what matters to the test and fills in
// the rest with plain, fixed values (no randomness, no clock).
import type { Kiosk, PrismaClient } from "@/lib/generated/prisma/client";
import { createKiosk, kioskByToken, pairKiosk } from "@/lib/kiosk/devices";
import { descriptorToBytes } from "@/lib/face/match";
import { FACE_MODEL_ID } from "@/lib/face/types";
import { syntheticFace } from "./synthetic-faces";

const TEST_ACTOR = { label: "test" };

/** The school's settings row (a time zone and tardy minutes most tests care about). */
export function makeSchool(db: PrismaClient, data: { timeZone?: string; defaultTardyMinutes?: number; name?: string } = {}) {
  return db.schoolSettings.create({ data: { id: 1, timeZone: "Europe/Berlin", defaultTardyMinutes: 10, ...data } });
}

export async function makeTeacher(db: PrismaClient, email = "teacher@school.test") {
  const user = await db.user.create({ data: { email, name: email.split("@")[0], role: "TEACHER", passwordHash: "!" } });
  return { id: user.id, role: "TEACHER" as const, label: user.email };
}

/** A class with weekly meetings ("Mon 08:00–08:50" is `{ weekday: 1, start: "08:00", end: "08:50" }`) and its teachers. */
export function makeClass(
  db: PrismaClient,
  code: string,
  opts: { meetings?: { weekday: number; start: string; end: string }[]; teacherIds?: string[]; title?: string } = {},
) {
  const minute = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  return db.class.create({
    data: {
      code,
      title: opts.title ?? `Class ${code}`,
      meetings: {
        create: (opts.meetings ?? []).map((m) => ({ weekday: m.weekday, startMinute: minute(m.start), endMinute: minute(m.end) })),
      },
      teachers: { create: (opts.teacherIds ?? []).map((userId) => ({ userId })) },
    },
  });
}

/** A student enrolled in `classIds`; with `face`, consent and one template of that synthetic person (tests/support/synthetic-faces.ts). */
export async function makeStudent(
  db: PrismaClient,
  identifier: string,
  opts: { classIds?: string[]; face?: number; givenName?: string; familyName?: string; preferredName?: string } = {},
) {
  const student = await db.student.create({
    data: {
      identifier,
      givenName: opts.givenName ?? identifier,
      familyName: opts.familyName ?? "Student",
      preferredName: opts.preferredName ?? null,
      consentStatus: opts.face === undefined ? "NONE" : "GRANTED",
      enrollments: { create: (opts.classIds ?? []).map((classId) => ({ classId })) },
    },
  });
  if (opts.face !== undefined)
    await db.faceTemplate.create({
      data: { studentId: student.id, descriptor: descriptorToBytes(syntheticFace(opts.face)), modelId: FACE_MODEL_ID },
    });
  return student;
}

/** A kiosk for a class, paired at `at`. */
export async function makeKiosk(db: PrismaClient, classId: string, at: Date, name = "Door"): Promise<Kiosk> {
  const { code } = await createKiosk(db, { name, classId }, TEST_ACTOR, at);
  return (await kioskByToken(db, (await pairKiosk(db, code, at))!.token))!;
}
