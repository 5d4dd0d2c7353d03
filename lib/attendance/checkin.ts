// Kiosk check-in: descriptors of tracked faces → students of the class in session →
// attendance records, written once per session and student. What goes back to the
// kiosk is only what a student may see on the screen: a first name and last initial,
// the status and the time. Never a roster, a template, a distance or a score.
import { z } from "zod";
import type { Kiosk, PrismaClient } from "@/lib/generated/prisma/client";
import type { AttendanceStatus } from "@/lib/generated/prisma/enums";
import { bytesToDescriptor, decideTrack, Gallery, matchProbe } from "@/lib/face/match";
import { resolveRules } from "@/lib/face/rules";
import { FACE_MODEL_ID } from "@/lib/face/types";
import { descriptorSchema } from "@/lib/photos";
import { kioskClassIds } from "@/lib/kiosks";
import { localTime } from "@/lib/dates";
import { currentSlot, sessionFor, type SessionSlot } from "./session";

export const MAX_FACES_PER_CALL = 10;
export const MAX_FRAMES_PER_FACE = 5;

export const checkInSchema = z.object({
  faces: z
    .array(
      z.object({
        trackId: z.string().min(1).max(40),
        frames: z.array(descriptorSchema).min(1).max(MAX_FRAMES_PER_FACE, { message: `At most ${MAX_FRAMES_PER_FACE} frames per face.` }),
      }),
    )
    .min(1)
    .max(MAX_FACES_PER_CALL, { message: `At most ${MAX_FACES_PER_CALL} faces per call.` }),
});

export type ShownStudent = { name: string; status: "PRESENT" | "TARDY" | "OTHER"; time: string };
export type FaceOutcome =
  | { trackId: string; outcome: "marked" | "already"; student: ShownStudent }
  | { trackId: string; outcome: "unknown" | "pending" };

export type CheckInResult =
  | { ok: true; inSession: true; classTitle: string; faces: FaceOutcome[] }
  | { ok: true; inSession: false; faces: [] }
  | { ok: false; error: "invalid"; message: string };

/** "Amy F.": enough for the student to see it is them, little for anyone else. */
export function kioskName(s: { preferredName: string | null; givenName: string; familyName: string }): string {
  return `${s.preferredName ?? s.givenName} ${s.familyName.slice(0, 1)}.`;
}

type ClassGallery = { gallery: Gallery; title: string; names: Map<string, string> };

/** Templates of the students enrolled in the class on that date, active and consenting; their kiosk names. */
async function loadClassGallery(db: PrismaClient, slot: SessionSlot): Promise<ClassGallery> {
  const templates = await db.faceTemplate.findMany({
    where: {
      modelId: FACE_MODEL_ID,
      student: {
        status: "ACTIVE",
        consentStatus: "GRANTED",
        enrollments: {
          some: {
            classId: slot.classId,
            AND: [{ OR: [{ beginDate: null }, { beginDate: { lte: slot.date } }] }, { OR: [{ endDate: null }, { endDate: { gte: slot.date } }] }],
          },
        },
      },
    },
    select: { studentId: true, descriptor: true, student: { select: { preferredName: true, givenName: true, familyName: true } } },
  });
  const klass = await db.class.findUniqueOrThrow({ where: { id: slot.classId }, select: { title: true } });
  return {
    gallery: Gallery.fromTemplates(templates.map((t) => ({ studentId: t.studentId, descriptor: bytesToDescriptor(t.descriptor) }))),
    title: klass.title,
    names: new Map(templates.map((t) => [t.studentId, kioskName(t.student)])),
  };
}

// Galleries of recent classes, so a check-in does not decode every template of the class
// (profiled: loading 2,000 templates per call was most of a 47 ms check-in). A cached gallery
// is used only while GalleryVersion is unchanged: SQL triggers bump it on any write to
// templates, enrollments or students (consent withdrawn, photo deleted, student archived…),
// from this process or another, so the gallery is never stale. Class updates bump it too
// (the cached entry holds the class title).
const galleries = new Map<string, ClassGallery & { version: number }>();
const MAX_CACHED_GALLERIES = 64;

export async function classGallery(db: PrismaClient, slot: SessionSlot): Promise<ClassGallery> {
  const key = `${slot.classId} ${slot.date}`;
  // Read before the templates: a write in between leaves the cache behind, never ahead.
  const version = (await db.galleryVersion.findUnique({ where: { id: 1 } }))?.version ?? -1;
  const cached = galleries.get(key);
  if (cached && cached.version === version && version >= 0) return cached;
  const loaded = await loadClassGallery(db, slot);
  if (galleries.size >= MAX_CACHED_GALLERIES) galleries.delete(galleries.keys().next().value!);
  galleries.set(key, { ...loaded, version });
  return loaded;
}

type Marked = { outcome: "marked" | "already"; student: ShownStudent };

/** Writes the student's record for the session unless there is one (unique per session and student). */
export async function markStudent(
  db: PrismaClient,
  args: { sessionId: string; tardyAt: Date; studentId: string; at: Date; method: "FACE" | "PIN"; kioskId: string; distance?: number; timeZone: string; name?: string },
): Promise<Marked> {
  const name = args.name ?? kioskName(await db.student.findUniqueOrThrow({ where: { id: args.studentId }, select: { preferredName: true, givenName: true, familyName: true } }));
  const shown = (status: AttendanceStatus, at: Date): ShownStudent => ({
    name,
    status: status === "PRESENT" || status === "TARDY" ? status : "OTHER",
    time: localTime(at, args.timeZone),
  });
  const status: AttendanceStatus = args.at >= args.tardyAt ? "TARDY" : "PRESENT";
  try {
    await db.attendanceRecord.create({
      data: { sessionId: args.sessionId, studentId: args.studentId, status, markedAt: args.at, method: args.method, matchDistance: args.distance ?? null, kioskId: args.kioskId },
    });
    return { outcome: "marked", student: shown(status, args.at) };
  } catch (e) {
    if ((e as { code?: string }).code !== "P2002") throw e;
    // Another kiosk or an earlier frame was first: the existing record stands.
    const existing = await db.attendanceRecord.findUniqueOrThrow({ where: { sessionId_studentId: { sessionId: args.sessionId, studentId: args.studentId } } });
    return { outcome: "already", student: shown(existing.status, existing.markedAt) };
  }
}

export async function checkIn(db: PrismaClient, kiosk: Kiosk, raw: unknown, at: Date): Promise<CheckInResult> {
  const input = checkInSchema.safeParse(raw);
  if (!input.success) return { ok: false, error: "invalid", message: input.error.issues[0].message };
  const settings = await db.schoolSettings.findUnique({ where: { id: 1 } });
  const slot = await currentSlot(db, await kioskClassIds(db, kiosk), at, settings);
  if (!slot) return { ok: true, inSession: false, faces: [] };
  const { gallery, title, names } = await classGallery(db, slot);
  const rules = resolveRules(settings?.matchingRules);
  const timeZone = settings?.timeZone ?? "UTC";
  const session = await sessionFor(db, slot);

  const faces: FaceOutcome[] = [];
  for (const face of input.data.faces) {
    const decision = decideTrack(face.frames.map((f) => matchProbe(gallery, f, rules)), rules);
    if (decision.decision === "pending") {
      faces.push({ trackId: face.trackId, outcome: "pending" });
    } else if (decision.decision === "match" && decision.studentId) {
      const marked = await markStudent(db, { sessionId: session.id, tardyAt: slot.tardyAt, studentId: decision.studentId, at, method: "FACE", kioskId: kiosk.id, distance: decision.distance, timeZone, name: names.get(decision.studentId) });
      faces.push({ trackId: face.trackId, ...marked });
    } else {
      await db.checkInAttempt.create({ data: { kioskId: kiosk.id, sessionId: session.id, outcome: decision.decision === "ambiguous" ? "AMBIGUOUS" : "UNKNOWN" } });
      faces.push({ trackId: face.trackId, outcome: "unknown" });
    }
  }
  // "Last seen" for the admin's kiosk list: a write per minute is enough.
  if (!kiosk.lastSeenAt || at.getTime() - kiosk.lastSeenAt.getTime() > 60_000) await db.kiosk.update({ where: { id: kiosk.id }, data: { lastSeenAt: at } });
  return { ok: true, inSession: true, classTitle: title, faces };
}
