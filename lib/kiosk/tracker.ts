// Follows faces across camera frames so that each new face is described a few times,
// sent once, and then only followed. Pure logic: the kiosk page feeds it boxes.
import type { Box } from "@/lib/face/types";
import { iou } from "@/lib/face/geometry";
import { HEAD_TURN_RULES, type TurnSide } from "@/lib/face/liveness";
import { MAX_CHALLENGE_FRAMES, MAX_FRAMES_PER_FACE, type FaceOutcome } from "./protocol";

/** The server's outcome for a track, or "saved": kept in the outbox while offline (followed, not sent again). */
export type TrackOutcome = FaceOutcome | "saved";
/** A head-turn challenge the server gave a track: its id, the side, and until when (page clock). */
export type TrackChallenge = { id: string; side: TurnSide; deadline: number };

export type TrackState = "collecting" | "waiting" | "done" | "unknown";
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
  /** When an unknown face may be tried again. */
  retryAt?: number;
};

export const TRACK_RULES = {
  /** Boxes overlapping at least this much (intersection over union) are the same face. */
  minIou: 0.3,
  /** A face not seen for this long has left. */
  lostAfterMs: 1500,
  /** Descriptors sent for a face in one call; the server asks for more when undecided. */
  framesPerCall: 2,
  maxFrames: MAX_FRAMES_PER_FACE,
  /** An unrecognised face is tried again after this long (a student may have turned away). */
  retryUnknownMs: 4000,
};

let counter = 0;

export class FaceTracker {
  tracks: Track[] = [];

  /** Matches this frame's boxes to tracks (greedy by overlap); returns the track of each box. */
  update(boxes: Box[], at: number): Track[] {
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
    if (outcome === "pending") {
      t.state = t.frames.length >= TRACK_RULES.maxFrames ? "unknown" : "collecting";
      if (t.state === "unknown") t.retryAt = at + TRACK_RULES.retryUnknownMs;
    } else if (outcome === "marked" || outcome === "already" || outcome === "saved") {
      t.state = "done";
    } else {
      // Unknown, not on the list, no class in session, refused: tried again in a while.
      t.state = "unknown";
      t.retryAt = at + TRACK_RULES.retryUnknownMs;
    }
  }
}
