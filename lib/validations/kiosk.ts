// What kiosks and admins send about kiosks: a kiosk's check-in payload (descriptors only, within
// limits), a PIN check-in, a kiosk's settings and name, a pairing code.
import { z } from "zod";
import { descriptorSchema } from "./face";
import { optionalText } from "./form";
import { MAX_CHALLENGE_FRAMES, MAX_FACES_PER_CALL, MAX_FRAMES_PER_FACE } from "@/lib/kiosk/protocol";

export const checkInSchema = z.object({
  faces: z
    .array(
      z.object({
        trackId: z.string().min(1).max(40),
        /** The kiosk's id for this face's check-in: a replay of it is answered as the first time, and writes nothing. */
        eventId: z
          .string()
          .regex(/^[A-Za-z0-9_-]{8,64}$/, { message: "An event id is 8 to 64 letters, digits, - or _." })
          .optional(),
        /** When the face was seen, on the server's clock as the kiosk measured it (ISO 8601 with Z). */
        capturedAt: z.iso.datetime({ message: "capturedAt must be an ISO 8601 time in UTC, e.g. 2026-11-30T08:02:00.000Z." }).optional(),
        frames: z
          .array(descriptorSchema)
          .min(1)
          .max(MAX_CHALLENGE_FRAMES, {
            message: `At most ${MAX_FRAMES_PER_FACE} frames per face (${MAX_CHALLENGE_FRAMES} answering a challenge).`,
          }),
        /** Answering a head-turn challenge: its id and each frame's signed head turn. */
        challengeId: z
          .string()
          .regex(/^[A-Za-z0-9_-]{16,64}$/, { message: "A challenge id is 16 to 64 letters, digits, - or _." })
          .optional(),
        turns: z.array(z.number().min(-1).max(1)).max(MAX_CHALLENGE_FRAMES).optional(),
      }),
    )
    .superRefine((faces, ctx) => {
      for (const [i, f] of faces.entries()) {
        if (!f.challengeId && f.frames.length > MAX_FRAMES_PER_FACE)
          ctx.addIssue({ code: "custom", path: [i, "frames"], message: `At most ${MAX_FRAMES_PER_FACE} frames per face.` });
        if (f.challengeId && f.turns?.length !== f.frames.length)
          ctx.addIssue({ code: "custom", path: [i, "turns"], message: "An answer to a challenge gives one head turn per frame." });
        if (f.challengeId && f.capturedAt)
          ctx.addIssue({ code: "custom", path: [i, "capturedAt"], message: "A challenge is answered live, never from the outbox." });
      }
    })
    .min(1)
    .max(MAX_FACES_PER_CALL, { message: `At most ${MAX_FACES_PER_CALL} faces per call.` }),
});

/** How a screen runs recognition, reported with its status call (shown to admins). */
export const engineReportSchema = z.object({ mode: z.enum(["worker", "page"]), backend: z.string().regex(/^[a-z0-9-]{1,20}$/) });

/** How many check-ins a screen holds offline, as it reports it. */
export const outboxLengthSchema = z.coerce.number().int().min(0).max(1_000_000);

/** A PIN anyone would try first: one digit repeated, or digits counting up or down (1234, 9876, 0000). */
export function isTrivialPin(pin: string): boolean {
  const steps = new Set([...pin].slice(1).map((d, i) => Number(d) - Number(pin[i])));
  return steps.size === 1 && [0, 1, -1].includes([...steps][0]);
}

/** A new PIN (the one checked at the kiosk is not re-judged: a PIN set before still works). */
export const pinSchema = z
  .string()
  .regex(/^\d{4,8}$/, { message: "A PIN is 4 to 8 digits." })
  .refine((p) => !isTrivialPin(p), {
    message: "Choose a PIN that is hard to guess: not one digit repeated (0000) or digits in a row (1234, 4321).",
  });
export const pinCheckInSchema = z.object({ identifier: z.string().trim().min(1).max(64), pin: z.string().max(16) });
/** Whose PIN lockout to lift: a student's, or a kiosk's. */
export const pinResumeSchema = z.union(
  [z.object({ studentId: z.string().trim().min(1).max(64) }), z.object({ kioskId: z.string().trim().min(1).max(64) })],
  { message: "Choose the student or the screen to resume." },
);

export const kioskNameSchema = z.string().trim().min(1).max(80);

export const kioskSchema = z
  .object({
    name: z.string().trim().min(1, { message: "Name the kiosk (e.g. Room 214 door)." }).max(80),
    classId: z
      .string()
      .max(64)
      .optional()
      .transform((v) => v || null),
    room: optionalText(60),
  })
  .refine((k) => k.classId || k.room, { message: "Bind the kiosk to a class or a room." });

/** A pairing code as typed: a malformed one is no guess at a real one and costs no try. */
export const pairingCodeSchema = z.string().trim().min(4).max(40);
