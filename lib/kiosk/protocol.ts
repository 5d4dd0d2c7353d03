// What a kiosk screen and the server say to each other, in one place: the limits of a
// check-in call (the server's schema, the tracker and the engine all read them from here)
// and the shapes of the messages. Universal: no zod here (schemas live in lib/validations).
import { DESCRIPTOR_LENGTH } from "@/lib/face/types";

/** Faces in one check-in call (a class arriving together fits in one or two calls). */
export const MAX_FACES_PER_CALL = 10;
/** Descriptors of one tracked face in one call; the tracker never keeps more. */
export const MAX_FRAMES_PER_FACE = 5;
/** Descriptors of one face answering a head-turn challenge (first frame and the latest ones). */
export const MAX_CHALLENGE_FRAMES = 8;
export { DESCRIPTOR_LENGTH };

/** The kiosk API's base path (route handlers in app/api/kiosk/v1/). */
export const KIOSK_API = "/api/kiosk/v1";

/**
 * One tracked face as the kiosk sends it: an id of its own choosing, a few descriptors and,
 * from the v1 API on, an event id (idempotency key) and when it was seen (server clock). Answering
 * a head-turn challenge: its id, and each frame's signed head turn (lib/face/liveness.ts).
 */
export type CheckInFace = {
  trackId: string;
  frames: number[][];
  eventId?: string;
  capturedAt?: string;
  challengeId?: string;
  turns?: number[];
};
export type CheckInPayload = { faces: CheckInFace[] };

/** What the screen may show of a student: a short name, the status, the local time. */
export type ShownStudent = { name: string; status: "PRESENT" | "TARDY" | "OTHER"; time: string };
/** Why an event kept offline was not taken ("liveness_required": its class asks for a head turn, which needs the screen live). */
export type RefusedReason = "too_old" | "in_future" | "liveness_required";

/** What happened to a face, as far as the kiosk may know (no roster, no score). */
export type FaceAnswer = { trackId: string; eventId?: string } & (
  | { outcome: "marked" | "already"; student: ShownStudent }
  /**
   * A recorded absence (a teacher's, excused or not) stands: the
   * kiosk cannot change it. `closed`: the teacher has closed the session ("attendance is closed").
   */
  | { outcome: "see_teacher"; closed: boolean; student: ShownStudent }
  /** "not_in_class": a student of the school who is not on this class's list; never who. "not_in_session": seen when no class was in session. */
  | { outcome: "unknown" | "pending" | "not_in_class" | "not_in_session" }
  | { outcome: "refused"; reason: RefusedReason; message: string }
  /** Recognised, not yet marked and not named: the student turns their head to `side` (their own left or right). */
  | { outcome: "challenge"; challengeId: string; side: "left" | "right"; expiresInMs: number }
  | { outcome: "challenge_failed"; message: string }
);
export type FaceOutcome = FaceAnswer["outcome"];

/** A meeting of the kiosk's classes today, in school time ("HH:MM"). */
export type TimetableEntry = { classTitle: string; startsAt: string; endsAt: string };
/** The next meeting today whose check-in has not opened yet (it opens `opensAt`, school time). */
export type NextMeeting = { classTitle: string; startsAt: string; opensAt: string };
/** Why no class takes check-ins now: the next meeting today (null: none), and `closed` when the teacher closed the one in progress. */
export type OutsideSession = {
  next: NextMeeting | null;
  closed?: boolean;
  /** A day without school: its reason ("Thanksgiving"). */ noSchool?: string;
};

/** POST check-ins: the answer (also when no class is in session now: faces seen earlier may still count). */
export type CheckInAnswer =
  | { ok: true; inSession: true; classTitle: string; faces: FaceAnswer[]; serverTime: string }
  | ({ ok: true; inSession: false; faces: FaceAnswer[]; serverTime: string } & OutsideSession)
  | { ok: false; error: "invalid" | "paused" | "unpaired" | "rate_limited"; message: string };

/** POST pin-check-ins: the answer. */
export type PinAnswer =
  | { ok: true; outcome: "marked" | "already"; student: ShownStudent }
  | { ok: true; outcome: "see_teacher"; closed: boolean; student: ShownStudent }
  | { ok: false; reason: "no_session" | "wrong" | "locked" | "invalid" | "not_in_class"; message: string };

/** GET status: the answer. */
export type KioskStatus =
  | { paired: false }
  | {
      paired: true;
      name: string;
      classTitle: string | null;
      /** When the session in progress ends (the screen's outbox keeps check-ins until then plus the grace). */
      sessionEndsAt: string | null;
      offlineGraceMinutes: number;
      paused: boolean;
      /** Today's meetings of the kiosk's classes (the idle screen's timetable). */
      timetable: TimetableEntry[];
      /** With no class in session: the next meeting today, and whether the one now was closed. */
      next: NextMeeting | null;
      closed: boolean;
      /** Today is a day without school (the calendar's reason), else null. */
      noSchool: string | null;
      timeZone: string;
      /** The school writes 12-hour times (3:30 PM). */
      hour12: boolean;
      serverTime: string;
    };
