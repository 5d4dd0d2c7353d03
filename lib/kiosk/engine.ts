// The kiosk's recognition engine: camera frames in, tracked faces and descriptors ready to
// send out. Every frame is searched by the fast detector (BlazeFace) and followed by the
// tracker; only faces still unresolved (new, or not yet decided by the server) get landmarks
// and descriptors, so a room of students already checked in costs one detector pass per frame.
// Universal: it runs in the kiosk's Web Worker, or on the page where no worker can run it.
import { describeBoxes, detectFaces, KIOSK_OPTIONS, type FaceNets, type PipelineOptions } from "@/lib/face/pipeline";
import type { Box, RgbImage } from "@/lib/face/types";
import { signedHeadTurn, type TurnSide } from "@/lib/face/liveness";
import { MAX_FRAMES_PER_FACE, type CheckInFace } from "./protocol";
import { FaceTracker, type TrackChallenge, type TrackOutcome, type TrackState } from "./tracker";

/**
 * What the screen draws: where each face is and how far along it is, and the side a challenged
 * face is asked to turn to. No identity, no descriptor.
 */
export type TrackView = { id: string; box: Box; state: TrackState; turnTo?: TurnSide };

export type EngineStep = {
  /** The page's clock at capture (performance.now() of the page), passed through. */
  frameAt: number;
  tracks: TrackView[];
  /** Faces with enough descriptors to send to the server now. */
  ready: CheckInFace[];
  /** Tracks seen for the first time in this frame (the page times them to their confirmation). */
  newTracks: string[];
  /** Detector, landmarks and descriptors for this frame (ms). */
  modelMs: number;
  /** Whether any face was described in this frame (else only followed). */
  described: boolean;
};

export class KioskEngine {
  private tracker = new FaceTracker();
  private seen = new Set<string>();

  constructor(
    private nets: FaceNets,
    private opts: PipelineOptions = KIOSK_OPTIONS,
    private clock: () => number = () => performance.now(),
  ) {}

  async step(img: RgbImage, frameAt: number): Promise<EngineStep> {
    const t0 = this.clock();
    const found = await detectFaces(this.nets, img, this.opts);
    const tracks = this.tracker.update(
      found.map((f) => f.box),
      frameAt,
      img.width,
    );
    const todo = found.map((f, i) => ({ f, t: tracks[i] })).filter((x) => x.t.state === "collecting");
    const faces = await describeBoxes(
      this.nets,
      img,
      todo.map((x) => x.f),
      this.opts,
    );
    faces.forEach((face, i) => this.tracker.addFrame(todo[i].t, Array.from(face.descriptor), signedHeadTurn(face.landmarks) || 0));
    const newTracks = tracks.filter((t) => !this.seen.has(t.id)).map((t) => t.id);
    newTracks.forEach((id) => this.seen.add(id));
    if (this.seen.size > 1000) this.seen = new Set(this.tracker.tracks.map((t) => t.id));
    const ready = this.tracker
      .takeReady(frameAt)
      .map((t): CheckInFace =>
        t.challenge
          ? { trackId: t.id, frames: t.frames, turns: t.turns.map((x) => Math.round(x * 1000) / 1000), challengeId: t.challenge.id }
          : { trackId: t.id, frames: t.frames.slice(-MAX_FRAMES_PER_FACE) },
      );
    return {
      frameAt,
      tracks: this.tracker.tracks.map((t) => ({
        id: t.id,
        box: t.box,
        state: t.state,
        ...(t.challenge && t.state !== "done" ? { turnTo: t.challenge.side } : {}),
      })),
      ready,
      newTracks,
      modelMs: this.clock() - t0,
      described: faces.length > 0,
    };
  }

  /** The server's answer for a face (or "pending" when it was not reached or undecided). */
  resolve(trackId: string, outcome: TrackOutcome, at: number, challenge?: TrackChallenge): void {
    this.tracker.resolve(trackId, outcome, at, challenge);
  }

  /** Faces told `outcome` (e.g. "not_in_session") are tried again: the screen learnt that a class opened. */
  reopen(outcome: TrackOutcome): void {
    this.tracker.reopen(outcome);
  }
}
