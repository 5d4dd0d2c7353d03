// Browser side of photo enrollment, shared by the student page and the bulk page:
// the quality gate in the browser, then the face data the server action expects.
import "client-only"; // DOM APIs (canvas, createImageBitmap): never on the server
import { browserFaceApi, decodeImageFile } from "./browser";
import { describeFaces, ENROLLMENT_OPTIONS } from "./pipeline";
import { assessEnrollmentFaces, QUALITY_MESSAGES, type QualityVerdict } from "./quality";
import { MAX_PHOTO_BYTES } from "@/lib/limits";

export type CheckedPhoto = { verdict: QualityVerdict; face: { descriptor: number[]; score: number; faceWidth: number } | null };

export async function checkPhotoInBrowser(file: File): Promise<CheckedPhoto> {
  // Refused before reading or uploading: the server would refuse it too (lib/limits.ts).
  if (file.size > MAX_PHOTO_BYTES) return { verdict: { ok: false, reason: "too_large", message: QUALITY_MESSAGES.too_large }, face: null };
  const { faceapi } = await browserFaceApi();
  let verdict: QualityVerdict;
  try {
    const img = await decodeImageFile(file);
    verdict = assessEnrollmentFaces(await describeFaces({ faceapi }, img, ENROLLMENT_OPTIONS));
  } catch {
    verdict = { ok: false, reason: "unreadable", message: QUALITY_MESSAGES.unreadable };
  }
  const face = verdict.ok
    ? { descriptor: Array.from(verdict.face.descriptor), score: verdict.face.score, faceWidth: verdict.face.box.width }
    : null;
  return { verdict, face };
}

export function enrollmentForm(studentId: string, file: File, face: CheckedPhoto["face"], allowLookAlike = false): FormData {
  const form = new FormData();
  form.set("studentId", studentId);
  form.set("photo", file);
  form.set("face", JSON.stringify(face));
  form.set("allowLookAlike", String(allowLookAlike));
  return form;
}
