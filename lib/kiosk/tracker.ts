// Follows faces across camera frames so that each new face is described a few times,
// sent once, and then only followed: one answer per tracked person (a new person is a new
// track). Faces too small to be the person at the screen are followed, never sent. Pure
// logic: the kiosk page feeds it boxes.
import type { Box } from "@/lib/face/types";
import { iou } from "@/lib/face/geometry";
import { HEAD_TURN_RULES, type TurnSide } from "@/lib/face/liveness";
import { MAX_CHALLENGE_FRAMES, MAX_FRAMES_PER_FACE, type FaceOutcome } from "./protocol";

/** The server's outcome for a track, or "saved": kept in the outbox while offline (followed, not sent again). */
export type TrackOutcome = FaceOutcome | "saved";
/** A head-turn challenge the server gave a track: its id, the side, and until when (page clock). */
export type TrackChallenge = { id: string; side: TurnSide; deadline: number };

/** "distant": a face in the background (too small, see TRACK_RULES), followed but never described or sent. */
export type TrackState = "collecting" | "waiting" | "done" | "unknown" | "distant";
export type Track = {
  id: string;
  box: Box;
  lastSeen: number;
  state: TrackState;
  frames: number[][];
  /** Each frame's signed head turn (lib/face/liveness.ts), kept beside `frames`. */
  turns: number[];
  /** Answering a head-turn challenge: collecting frames until the turn, or the deadline. */
  challenge?: TrackChallenge;
  /** When a face the server could not decide may be tried again (a final answer is never retried). */
  retryAt?: number;
  /** The server's last answer for this track. */
  outcome?: TrackOutcome;
  /** How many times the server could not recognise this face (each a counted attempt). */
  unknownAnswers?: number;
};

export const TRACK_RULES = {
  /** Boxes overlapping at least this much (intersection over union) are the same face. */
  minIou: 0.3,
  /** A face not seen for this long has left. */
  lostAfterMs: 1500,
  /** Descriptors sent for a face in one call; the server asks for more when undecided. */
  framesPerCall: 2,
  maxFrames: MAX_FRAMES_PER_FACE,
  /** A face the server could not decide on all its frames is tried again after this long (a student may have turned away). */
  retryUnknownMs: 4000,
  /**
   * A face not recognised is tried again this many times while it stays in view (a student caught
   * mid-turn or blurred, a face in a group that decoded badly), then left alone: a person
   * standing at the wrong screen costs at most this many attempts plus one, not one every 4 s.
   */
  unknownRetries: 3,
  /**
   * Faces narrower than this share of the frame's width are in the background, not at the
   * screen. The fixture clips: a student at the screen is 0.35 of the frame, the five faces of
   * a group photo filling the view 0.085–0.097, a face in the background 0.03–0.055; below
   * ~45 px (0.07 of a 640 px frame) descriptors are unreliable anyway.
   */
  minFaceShare: 0.07,
  /** …or narrower than this share of the largest face in view: someone standing behind the person at the screen. */
  minShareOfLargest: 0.5,
};

let counter = 0;

export class FaceTracker {
  tracks: Track[] = [];

  /**
   * Matches this frame's boxes to tracks (greedy by overlap); returns the track of each box.
   * `frameWidth` (pixels) sets the size below which a face is distant (0: only the relative rule).
   */
  update(boxes: Box[], at: number, frameWidth = 0): Track[] {
    const largest = Math.max(0, ...boxes.map((b) => b.width));
    const minWidth = Math.max(TRACK_RULES.minFaceShare * frameWidth, TRACK_RULES.minShareOfLargest * largest);
    const pairs: [number, number, number][] = [];
    boxes.forEach((b, i) => this.tracks.forEach((t, j) => pairs.push([iou(b, t.box), i, j])));
    pairs.sort((a, b) => b[0] - a[0]);
    const boxTrack = new Array<Track | undefined>(boxes.length);
    const used = new Set<number>();
    for (const [overlap, i, j] of pairs) {
      if (overlap < TRACK_RULES.minIou) break;
      if (boxTrack[i] || used.has(j)) continue;
      boxTrack[i] = this.tracks[j];
      used.add(j);
    }
    const result = boxes.map((box, i) => {
      const track = boxTrack[i] ?? { id: `t${++counter}`, box, lastSeen: at, state: "collecting" as const, frames: [], turns: [] };
      if (!boxTrack[i]) this.tracks.push(track);
      track.box = box;
      track.lastSeen = at;
      if (track.state === "unknown" && track.retryAt !== undefined && at >= track.retryAt) {
        track.state = "collecting";
        track.frames = [];
        track.turns = [];
      }
      // Only a face not yet sent changes between near and distant (a challenged one is turning: its box shrinks).
      const distant = box.width < minWidth;
      if (track.state === "collecting" && distant && !track.challenge) {
        track.state = "distant";
        track.frames = [];
        track.turns = [];
      } else if (track.state === "distant" && !distant) track.state = "collecting";
      return track;
    });
    this.tracks = this.tracks.filter((t) => at - t.lastSeen < TRACK_RULES.lostAfterMs);
    return result;
  }

  /** True when some face still needs describing (else the page can run detection only). */
  needsDescriptors(): boolean {
    return this.tracks.some((t) => t.state === "collecting");
  }

  /** Adds a described frame to a track (a challenge keeps its first frame and the latest ones). */
  addFrame(t: Track, descriptor: number[], turn: number): void {
    t.frames.push(descriptor);
    t.turns.push(turn);
    if (t.challenge && t.frames.length > MAX_CHALLENGE_FRAMES) {
      t.frames.splice(1, 1);
      t.turns.splice(1, 1);
    }
  }

  /**
   * Tracks with enough frames to send, marked as waiting for the server's answer. A challenged
   * track is ready once its head has turned past the threshold either way (the server judges
   * the side), or at its deadline with what it has.
   */
  takeReady(at = Infinity): Track[] {
    const ready = this.tracks.filter((t) => {
      if (t.state !== "collecting") return false;
      if (!t.challenge) return t.frames.length >= TRACK_RULES.framesPerCall;
      if (t.frames.length === 0) return false;
      return Math.abs(t.turns[t.turns.length - 1]) >= HEAD_TURN_RULES.turnedMin || at >= t.challenge.deadline;
    });
    for (const t of ready) t.state = "waiting";
    return ready;
  }

  resolve(trackId: string, outcome: TrackOutcome, at: number, challenge?: TrackChallenge): void {
    const t = this.tracks.find((x) => x.id === trackId);
    if (!t) return;
    if (outcome === "challenge" && challenge) {
      // Describe it afresh: the answer is the frames from now on, frontal first, then the turn.
      t.state = "collecting";
      t.frames = [];
      t.turns = [];
      t.challenge = challenge;
      return;
    }
    t.challenge = undefined;
    t.outcome = outcome;
    t.retryAt = undefined;
    if (outcome === "pending") {
      t.state = t.frames.length >= TRACK_RULES.maxFrames ? "unknown" : "collecting";
      if (t.state === "unknown") t.retryAt = at + TRACK_RULES.retryUnknownMs;
    } else if (outcome === "marked" || outcome === "already" || outcome === "saved") {
      t.state = "done";
    } else if (outcome === "unknown" && (t.unknownAnswers ?? 0) < TRACK_RULES.unknownRetries) {
      t.unknownAnswers = (t.unknownAnswers ?? 0) + 1;
      t.state = "unknown";
      t.retryAt = at + TRACK_RULES.retryUnknownMs;
    } else {
      // Unknown, not on the list, no class in session, refused: final for this person, who was
      // told once; not sent again while they stay in view (each send would count as an attempt).
      t.state = "unknown";
    }
  }

  /** Faces told `outcome` are described and sent afresh (a class has opened since they were told "no class now"). */
  reopen(outcome: TrackOutcome): void {
    for (const t of this.tracks)
      if (t.state === "unknown" && t.outcome === outcome) {
        t.state = "collecting";
        t.frames = [];
        t.turns = [];
      }
  }
}
