// Storing enrollment photos and their face templates. Shared by the admin's server
// action (descriptor computed in the browser) and the CLI's bulk import (computed in
// Node). Everything is validated again here: nothing from outside is trusted. The photo
// goes through the Node face pipeline and its quality gate; the browser's descriptor is
// kept only where it agrees with the server's (the kiosk's frames are described in a
// browser too), and its claimed score and face size are never used.
import crypto from "node:crypto";
import sharp from "sharp";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { writeAudit, type Actor } from "@/lib/audit";
import { bytesToDescriptor, descriptorToBytes, euclidean, Gallery, matchProbe } from "@/lib/face/match";
import { assessPhoto } from "@/lib/face/node";
import { BROWSER_NODE_TOLERANCE } from "@/lib/face/quality";
import { FACE_MODEL_ID } from "@/lib/face/types";
import { photoTakenAt } from "@/lib/face/photo-date";
import { now } from "@/lib/clock";
import { MAX_PHOTO_BYTES, MAX_PHOTO_PIXELS } from "@/lib/limits";
import { schoolSettings } from "@/lib/settings";
import { faceMetaSchema, type FaceMeta } from "@/lib/validations/face";

export { MAX_PHOTO_BYTES, MAX_PHOTO_PIXELS } from "@/lib/limits";
/** Stored photos are re-encoded to at most this size: enough for thumbnails and review, and EXIF (GPS) is dropped. */
export const STORED_PHOTO_MAX_PX = 640;

export type ImageType = "image/jpeg" | "image/png" | "image/webp";

/** The image type from its first bytes (a file name or a browser's claim is not proof). */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (bytes.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => bytes[i] === b)) return "image/png";
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 12 && ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "image/webp";
  return null;
}

export type StoreResult =
  /** `faceWidth`: the server's measure of the face, in the photo's pixels (for the "small photo" note). */
  | { ok: true; photoId: string; templateId: string; faceWidth: number }
  | { ok: false; reason: "invalid" | "rejected" | "no_student" | "no_consent" | "archived" | "already_enrolled"; message: string }
  | { ok: false; reason: "duplicate"; message: string; otherStudent: { id: string; identifier: string; name: string } };

async function normalisePhoto(bytes: Uint8Array): Promise<{ jpeg: Buffer; width: number; height: number } | string> {
  if (bytes.byteLength > MAX_PHOTO_BYTES) return `The photo is larger than ${MAX_PHOTO_BYTES / 2 ** 20} MB.`;
  if (!sniffImageType(bytes)) return "Not a JPEG, PNG or WebP image.";
  try {
    // The header alone, before any pixel is decoded.
    const { width = 0, height = 0 } = await sharp(bytes).metadata();
    if (width * height > MAX_PHOTO_PIXELS)
      return `The photo is ${width} × ${height} pixels, over the pixel limit of ${MAX_PHOTO_PIXELS / 1e6} megapixels. Use a smaller photo.`;
  } catch (e) {
    return `Not a readable image (${(e as Error).message.split("\n")[0]}).`;
  }
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: MAX_PHOTO_PIXELS, failOn: "error" })
      .rotate()
      .resize({ width: STORED_PHOTO_MAX_PX, height: STORED_PHOTO_MAX_PX, fit: "inside", withoutEnlargement: true })
      .jpeg({ quality: 88 })
      .toBuffer({ resolveWithObject: true });
    return { jpeg: data, width: info.width, height: info.height };
  } catch (e) {
    return `Not a readable image (${(e as Error).message.split("\n")[0]}).`;
  }
}

/** Another student whose templates lie within the match threshold of this descriptor, if any. */
export async function findLookAlike(db: PrismaClient, studentId: string, descriptor: ArrayLike<number>) {
  const settings = await schoolSettings(db);
  const rules = settings.rules;
  const others = await db.faceTemplate.findMany({
    where: { studentId: { not: studentId }, modelId: FACE_MODEL_ID },
    select: { studentId: true, descriptor: true },
  });
  if (others.length === 0) return null;
  const gallery = Gallery.fromTemplates(others.map((t) => ({ studentId: t.studentId, descriptor: bytesToDescriptor(t.descriptor) })));
  const nearest = matchProbe(gallery, descriptor, { ...rules, minMargin: 0 });
  if (nearest.decision !== "match" || !nearest.studentId) return null;
  const s = await db.student.findUniqueOrThrow({ where: { id: nearest.studentId } });
  return { id: s.id, identifier: s.identifier, name: `${s.givenName} ${s.familyName}`, distance: nearest.distance };
}

/** The server's own reading of a photo (`assessPhoto`, in this process or in a CLI worker). */
export type ServerFace = FaceMeta;

/**
 * The quality gate run on the photo itself; the face to store: the server's score and size, and
 * the sent descriptor only where it lies within BROWSER_NODE_TOLERANCE of the server's.
 */
async function checkFace(bytes: Uint8Array, sent: FaceMeta, known?: ServerFace) {
  let server = known;
  if (!server) {
    const verdict = await assessPhoto(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if (!verdict.ok) return { ok: false as const, message: verdict.message };
    server = { descriptor: Array.from(verdict.face.descriptor), score: verdict.face.score, faceWidth: verdict.face.box.width };
  }
  const distance = euclidean(sent.descriptor, server.descriptor);
  const agrees = distance <= BROWSER_NODE_TOLERANCE;
  return {
    ok: true as const,
    face: { ...server, descriptor: agrees ? sent.descriptor : server.descriptor },
    mismatch: agrees ? null : distance,
  };
}

/**
 * Stores a photo and its template for a student who consents. Refuses a photo the quality gate
 * refuses, and a face that matches another student unless `allowLookAlike` (the admin confirmed
 * it). `serverFace` is for the CLI, whose workers ran `assessPhoto` on these very bytes; never
 * pass anything a request sent.
 */
export async function storeEnrollmentPhoto(
  db: PrismaClient,
  input: { studentId: string; bytes: Uint8Array; face: unknown },
  actor: Actor,
  options: { allowLookAlike?: boolean; at?: Date; serverFace?: ServerFace } = {},
): Promise<StoreResult> {
  const face = faceMetaSchema.safeParse(input.face);
  if (!face.success) return { ok: false, reason: "invalid", message: face.error.issues[0].message };
  const photo = await normalisePhoto(input.bytes);
  if (typeof photo === "string") return { ok: false, reason: "invalid", message: photo };

  const student = await db.student.findUnique({ where: { id: input.studentId } });
  if (!student) return { ok: false, reason: "no_student", message: "No such student." };
  const name = `${student.givenName} ${student.familyName}`;
  if (student.status !== "ACTIVE") return { ok: false, reason: "archived", message: `${name} is archived.` };
  if (student.consentStatus !== "GRANTED")
    return { ok: false, reason: "no_consent", message: `${name} has no recorded consent: no photo can be stored.` };

  const sha256 = crypto.createHash("sha256").update(input.bytes).digest("hex");
  if (await db.facePhoto.findFirst({ where: { studentId: student.id, sha256 }, select: { id: true } }))
    return { ok: false, reason: "already_enrolled", message: `This photo of ${name} is enrolled already.` };

  // After the consent check: no biometric processing without consent.
  const checked = await checkFace(input.bytes, face.data, options.serverFace);
  if (!checked.ok) return { ok: false, reason: "rejected", message: checked.message };
  const stored = checked.face;

  const other = await findLookAlike(db, student.id, stored.descriptor);
  if (other && !options.allowLookAlike)
    return {
      ok: false,
      reason: "duplicate",
      message: `This face matches ${other.name} (${other.identifier}): a wrong photo, or the same person recorded twice?`,
      otherStudent: { id: other.id, identifier: other.identifier, name: other.name },
    };

  const taken = await photoTakenAt(input.bytes, options.at ?? now());
  return db.$transaction(async (tx) => {
    // Consent is read again inside the transaction: a withdrawal in between wins.
    const current = await tx.student.findUniqueOrThrow({ where: { id: student.id }, select: { consentStatus: true, status: true } });
    if (current.consentStatus !== "GRANTED" || current.status !== "ACTIVE")
      return { ok: false as const, reason: "no_consent" as const, message: `${name} has no recorded consent: no photo can be stored.` };
    const created = await tx.facePhoto.create({
      data: {
        studentId: student.id,
        mimeType: "image/jpeg",
        bytes: new Uint8Array(photo.jpeg),
        sha256,
        width: photo.width,
        height: photo.height,
        uploadedById: actor.userId ?? null,
      },
    });
    const template = await tx.faceTemplate.create({
      data: {
        studentId: student.id,
        photoId: created.id,
        descriptor: descriptorToBytes(stored.descriptor),
        modelId: FACE_MODEL_ID,
        detectionScore: stored.score,
        faceSize: Math.round(stored.faceWidth),
        photoTakenAt: taken.takenAt,
        // Saved over the look-alike warning: the kiosk applies stricter rules to this student.
        lookAlikeConfirmed: other !== null,
      },
    });
    await writeAudit(tx, actor, {
      action: "photo.enroll",
      targetType: "Student",
      targetId: student.id,
      after: {
        photoId: created.id,
        lookAlikeOf: other?.identifier ?? null,
        takenAt: taken.takenAt.toISOString(),
        takenAtFrom: taken.source,
      },
    });
    if (checked.mismatch !== null)
      // A browser that sent another face's descriptor, or a decoder far off: the distance only, never a descriptor.
      await writeAudit(tx, actor, {
        action: "photo.descriptor-mismatch",
        targetType: "Student",
        targetId: student.id,
        after: { photoId: created.id, distance: Number(checked.mismatch.toFixed(4)), tolerance: BROWSER_NODE_TOLERANCE },
      });
    return { ok: true as const, photoId: created.id, templateId: template.id, faceWidth: stored.faceWidth };
  });
}

/** Deletes one photo and the template made from it. */
export async function deleteEnrollmentPhoto(db: PrismaClient, photoId: string, actor: Actor): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const photo = await tx.facePhoto.findUnique({ where: { id: photoId }, select: { id: true, studentId: true } });
    if (!photo) return false;
    await tx.faceTemplate.deleteMany({ where: { photoId } });
    await tx.facePhoto.delete({ where: { id: photoId } });
    await writeAudit(tx, actor, { action: "photo.delete", targetType: "Student", targetId: photo.studentId, before: { photoId } });
    return true;
  });
}

/** A stored photo's bytes and type, when it belongs to this student. */
export function photoFile(db: PrismaClient, studentId: string, photoId: string) {
  return db.facePhoto.findFirst({ where: { id: photoId, studentId }, select: { bytes: true, mimeType: true } });
}
