// What a kiosk screen and the server say to each other, in one place: the limits of a
// check-in call (the server's schema, the tracker and the engine all read them from here)
// and the shapes of the messages. Universal: no zod here (schemas live in lib/validations).
import { DESCRIPTOR_LENGTH } from "@/lib/face/types";

/** Faces in one check-in call (a class arriving together fits in one or two calls). */
export const MAX_FACES_PER_CALL = 10;
/** Descriptors of one tracked face in one call; the tracker never keeps more. */
export const MAX_FRAMES_PER_FACE = 5;
export { DESCRIPTOR_LENGTH };

/** One tracked face as the kiosk sends it: an id of its own choosing and a few descriptors. */
export type CheckInFace = { trackId: string; frames: number[][] };
export type CheckInPayload = { faces: CheckInFace[] };

/** What happened to a face, as far as the kiosk may know (no roster, no score). */
export type FaceOutcome = "marked" | "already" | "unknown" | "not_in_class" | "pending";
