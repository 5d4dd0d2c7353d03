// The quality gate for enrollment photos: one clear face, big and sharp enough,
// looking at the camera. The same rules run in the browser (before upload) and in Node.
import { signedHeadTurn } from "./liveness";
import type { DetectedFace, Point } from "./types";
import { MAX_PHOTO_BYTES } from "@/lib/limits";

export const QUALITY_RULES = {
  /**
   * Face box width in the photo's own pixels, from `npm run bench -- face-size` (LFW calibration
   * set, 100 people, enrolled photo resized; identified among 300): at 120 and 100 px 100% and
   * 97% were identified, same-person distance p95 0.47; at 80 px 94%, p95 0.50; at 64 px 91%
   * with p95 0.65 and two wrong-person matches; at 48 px 85%. Below 80 px is refused.
   */
  minFaceWidth: 80,
  /** Faces from minFaceWidth up to this are accepted with a "small photo" note. */
  comfortableFaceWidth: 100,
  /** Detector confidence; the padded fixture ID crops scored 0.71 and above. */
  minScore: 0.6,
  /**
   * Head turn from landmarks, 0 (frontal) to 1 (profile), about sin(yaw): 0.5 ≈ 30°,
   * 0.75 ≈ 50°. Fixture crops measured 0–0.49, and one three-quarter view 0.70 that
   * still matched its person; near-profiles above 0.75 are refused.
   */
  maxTurn: 0.75,
} as const;

/**
 * How far the browser's descriptor of an enrollment photo may lie from the server's own for the
 * browser's to be kept. The same file decoded by Chromium and by sharp gives descriptors 0.0000
 * apart on the fixtures, up to about 0.05 where the browser resized or cropped on a canvas (README
 * "Browser vs Node"); same-person photos lie 0.3–0.5 apart, so 0.06 admits decoder noise and
 * nothing that describes another face.
 */
export const BROWSER_NODE_TOLERANCE = 0.06;

export type QualityReason = "too_large" | "unreadable" | "no_face" | "multiple_faces" | "face_too_small" | "low_score" | "head_turned";

export const QUALITY_MESSAGES: Record<QualityReason, string> = {
  too_large: `The photo is larger than ${MAX_PHOTO_BYTES / 2 ** 20} MB. Use a smaller file (a phone's "medium" size is plenty).`,
  unreadable: "Not a readable image (use a JPEG, PNG or WebP photo).",
  no_face: "No face found. Use a photo with the face clearly visible.",
  multiple_faces: "More than one face. Use a photo of this student alone.",
  face_too_small: `The face is too small. Use a closer photo (the face at least ${QUALITY_RULES.minFaceWidth} pixels wide; ${QUALITY_RULES.comfortableFaceWidth} or more is best).`,
  low_score: "The face is not clear enough (blurred, dark or covered). Use a sharper photo.",
  head_turned: "The head is turned away. Use a photo looking at the camera.",
};

export type QualityVerdict =
  /** `small`: accepted, but the face is narrower than is comfortable (see `smallPhotoNote`). */
  | { ok: true; face: DetectedFace; turn: number; small: boolean }
  | { ok: false; reason: QualityReason; message: string; face?: DetectedFace };

/**
 * How far the head is turned left or right, from the 68 landmarks: where the nose tip
 * (point 30) lies between the jaw's outer points (0 and 16). 0 frontal, 1 profile.
 */
export function headTurn(landmarks: Point[]): number {
  const turn = signedHeadTurn(landmarks);
  return Number.isNaN(turn) ? 1 : Math.abs(turn);
}

function reject(reason: QualityReason, face?: DetectedFace): QualityVerdict {
  return { ok: false, reason, message: QUALITY_MESSAGES[reason], face };
}

/** The verdict on a photo's detected faces (from `describeFaces` with the enrollment options). */
export function assessEnrollmentFaces(faces: DetectedFace[], rules = QUALITY_RULES): QualityVerdict {
  if (faces.length === 0) return reject("no_face");
  if (faces.length > 1) return reject("multiple_faces");
  const [face] = faces;
  if (face.box.width < rules.minFaceWidth) return reject("face_too_small", face);
  if (face.score < rules.minScore) return reject("low_score", face);
  const turn = headTurn(face.landmarks);
  if (turn > rules.maxTurn) return reject("head_turned", face);
  return { ok: true, face, turn, small: face.box.width < rules.comfortableFaceWidth };
}

/** The note shown with an accepted photo whose face is small. */
export function smallPhotoNote(faceWidth: number): string {
  return `Small photo: the face is ${Math.round(faceWidth)} pixels wide (${QUALITY_RULES.comfortableFaceWidth} or more recognises best). Enrolled; a closer photo would help.`;
}

export function isSmallFace(faceWidth: number | null | undefined): boolean {
  return faceWidth !== null && faceWidth !== undefined && faceWidth < QUALITY_RULES.comfortableFaceWidth;
}

export function unreadable(): QualityVerdict {
  return reject("unreadable");
}
