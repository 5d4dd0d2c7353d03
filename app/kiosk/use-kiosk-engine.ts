"use client";

// The kiosk's camera and recognition loop. Frames are captured as ImageBitmaps and handed to
// the recognition worker (lib/kiosk/engine-worker.ts); the page's main thread only captures,
// draws boxes and talks to the server, so typing and touch stay responsive while it thinks.
// Where a worker cannot run the models, the same engine runs on the page, between frames.
import { useCallback, useEffect, useRef, useState, type RefObject } from "react";
import { bitmapToRgb, browserFaceApi } from "@/lib/face/browser";
import { KioskEngine, type EngineStep, type TrackView } from "@/lib/kiosk/engine";
import type { EngineMode, EngineReply, EngineRequest } from "@/lib/kiosk/engine-messages";
import type { CheckInFace } from "@/lib/kiosk/protocol";
import type { TrackChallenge, TrackOutcome } from "@/lib/kiosk/tracker";

/**
 * Timings as standard Performance API measures, which `npm run bench -- kiosk` reads:
 * MODEL_MEASURE per described frame (detector + landmarks + descriptors, in the worker),
 * FIRST_FRAME_MEASURE from the first frame a face was seen in to its confirmation on screen,
 * CONFIRM_MEASURE from the frame that completed the face to its confirmation. Capped, so a
 * screen that runs all day does not keep them all.
 */
export const MEASURES = {
  model: "rollcall:model",
  firstFrame: "rollcall:first-frame-to-confirmation",
  confirm: "rollcall:frame-to-confirmation",
  call: "rollcall:check-in-call",
  /** Head-turn challenge: from the server's challenge to the frame that completed the turn (the student's part). */
  challengeToTurn: "rollcall:challenge-to-turn",
  /** Head-turn challenge: from that frame to the name on screen (the system's part). */
  turnToConfirmation: "rollcall:turn-to-confirmation",
} as const;
export function measure(name: string, start: number, duration?: number) {
  if (performance.getEntriesByName(name, "measure").length >= 1000) performance.clearMeasures(name);
  performance.measure(name, duration === undefined ? { start, end: performance.now() } : { start, duration });
}

export const INSECURE_MESSAGE =
  "This screen must open Rollcall over https:// — browsers allow the camera only on secure pages. See “Deploying on a school network” in the README, or ask your school's IT.";

type Runner = {
  mode: EngineMode;
  backend: string;
  /** URLs the engine loaded outside the page (the worker's scripts), for the offline cache. */
  resources: string[];
  step(bitmap: ImageBitmap, frameAt: number): Promise<EngineStep>;
  resolve(trackId: string, outcome: TrackOutcome, at: number, challenge?: TrackChallenge): void;
  reopen(outcome: TrackOutcome): void;
  stop(): void;
};

/** A worker given `WORKER_START_MS` to load the models; after that, or on any error, the page runs them. */
const WORKER_START_MS = 60_000;

function startWorker(): Promise<Runner> {
  return new Promise((resolve, reject) => {
    if (typeof Worker === "undefined" || typeof OffscreenCanvas === "undefined") return reject(new Error("no workers"));
    const worker = new Worker(new URL("../../lib/kiosk/engine-worker.ts", import.meta.url), {
      type: "module",
      name: "rollcall-recognition",
    });
    const waiting: ((s: EngineStep | Error) => void)[] = [];
    const timer = setTimeout(() => fail(new Error("the recognition worker did not start")), WORKER_START_MS);
    const post = (m: EngineRequest, transfer: Transferable[] = []) => worker.postMessage(m, transfer);
    function fail(e: Error) {
      clearTimeout(timer);
      worker.terminate();
      waiting.splice(0).forEach((w) => w(e));
      reject(e);
    }
    worker.onerror = (e) => fail(new Error(e.message || "the recognition worker failed"));
    worker.onmessage = (e: MessageEvent<EngineReply>) => {
      const m = e.data;
      if (m.type === "started") {
        clearTimeout(timer);
        resolve({
          mode: "worker",
          backend: m.backend,
          resources: m.resources,
          step: (bitmap, frameAt) =>
            new Promise((res, rej) => {
              waiting.push((s) => (s instanceof Error ? rej(s) : res(s)));
              post({ type: "frame", bitmap, frameAt }, [bitmap]);
            }),
          resolve: (trackId, outcome, at, challenge) => post({ type: "resolve", trackId, outcome, at, challenge }),
          reopen: (outcome) => post({ type: "reopen", outcome }),
          stop: () => worker.terminate(),
        });
      } else if (m.type === "step") waiting.shift()?.(m.step);
      else if (m.during === "start") fail(new Error(m.message));
      else waiting.shift()?.(new Error(m.message));
    };
    post({ type: "start", origin: window.location.origin });
  });
}

async function startOnPage(): Promise<Runner> {
  const nets = await browserFaceApi();
  const engine = new KioskEngine(nets);
  return {
    mode: "page",
    backend: nets.backend,
    resources: [],
    step: async (bitmap, frameAt) => {
      const img = bitmapToRgb(bitmap, bitmap.width, bitmap.height);
      bitmap.close();
      return engine.step(img, frameAt);
    },
    resolve: (trackId, outcome, at, challenge) => engine.resolve(trackId, outcome, at, challenge),
    reopen: (outcome) => engine.reopen(outcome),
    stop: () => {},
  };
}

/**
 * What became of a face: the server's outcome, or "saved" (kept in the outbox: followed, not
 * sent again); for "challenge", the head turn asked for and until when (this page's clock).
 */
export type Resolution = { trackId: string; outcome: TrackOutcome; challenge?: TrackChallenge };
export type EngineState = {
  phase: "starting" | "running" | "stopped";
  problem: string | null;
  mode: EngineMode | null;
  backend: string | null;
  resources: string[];
  tracks: TrackView[];
};

/**
 * Runs the camera and the engine while mounted. `send` gets each batch of faces ready to
 * check in and answers with what became of each (the engine follows resolved faces only).
 */
export type Send = (faces: CheckInFace[], firstSeen: Map<string, number>, frameAt: number) => Promise<Resolution[]>;

/** The camera's video element is the hook's own: attach `video` to the page's <video>. */
export function useKioskEngine(
  send: Send,
): EngineState & { video: RefObject<HTMLVideoElement | null>; reopen(outcome: TrackOutcome): void } {
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<EngineState>({
    phase: "starting",
    problem: null,
    mode: null,
    backend: null,
    resources: [],
    tracks: [],
  });
  const sendRef = useRef(send);
  const reopenRef = useRef<(outcome: TrackOutcome) => void>(() => {});
  useEffect(() => {
    sendRef.current = send;
  }, [send]);

  useEffect(() => {
    let stopped = false;
    let stream: MediaStream | null = null;
    let runner: Runner | null = null;
    const firstSeen = new Map<string, number>();
    reopenRef.current = (outcome) => runner?.reopen(outcome);

    const dispatch = (ready: CheckInFace[], frameAt: number) => {
      sendRef
        .current(ready, firstSeen, frameAt)
        .catch((): Resolution[] => ready.map((f) => ({ trackId: f.trackId, outcome: "pending" })))
        .then((answers) => {
          const at = performance.now();
          for (const a of answers) runner?.resolve(a.trackId, a.outcome, at, a.challenge);
        });
    };

    const loop = async () => {
      while (!stopped && runner) {
        const v = video.current;
        if (!v || v.readyState < 2 || v.videoWidth === 0) {
          await new Promise((r) => setTimeout(r, 150));
          continue;
        }
        const frameAt = performance.now();
        const bitmap = await createImageBitmap(v);
        let step: EngineStep;
        try {
          step = await runner.step(bitmap, frameAt);
        } catch (e) {
          if (runner.mode !== "worker") throw e;
          // The worker failed mid-run (out of memory, a lost GPU context): carry on on the page.
          runner.stop();
          runner = await startOnPage();
          setState((s) => ({ ...s, mode: "page", backend: runner!.backend }));
          continue;
        }
        if (stopped) return;
        if (step.described) measure(MEASURES.model, performance.now() - step.modelMs, step.modelMs);
        for (const id of step.newTracks) firstSeen.set(id, frameAt);
        if (firstSeen.size > 500) for (const id of [...firstSeen.keys()].slice(0, 250)) firstSeen.delete(id);
        setState((s) => ({ ...s, tracks: step.tracks }));
        if (step.ready.length) dispatch(step.ready, frameAt);
        // In a worker the page stays free: the next frame right away. On the page, a breath
        // between frames for input and rendering. More when nobody is in front of the camera.
        const pause = step.tracks.length === 0 ? 150 : runner.mode === "worker" ? 0 : 30;
        if (pause) await new Promise((r) => setTimeout(r, pause));
      }
    };

    (async () => {
      // Browsers give a page the camera only over https:// (or on the server machine itself, as
      // localhost): say so plainly instead of failing on a missing navigator.mediaDevices.
      if (!window.isSecureContext || !navigator.mediaDevices?.getUserMedia) {
        setState((s) => ({ ...s, phase: "stopped", problem: INSECURE_MESSAGE }));
        return;
      }
      try {
        const [r, media] = await Promise.all([
          startWorker().catch(() => startOnPage()),
          navigator.mediaDevices.getUserMedia({
            video: { width: { ideal: 1280 }, height: { ideal: 720 }, facingMode: "user" },
            audio: false,
          }),
        ]);
        runner = r;
        stream = media;
        if (stopped) return r.stop();
        video.current!.srcObject = stream;
        await video.current!.play();
        setState((s) => ({ ...s, phase: "running", mode: r.mode, backend: r.backend, resources: r.resources }));
        await loop();
      } catch (e) {
        const err = e as Error;
        setState((s) => ({
          ...s,
          phase: "stopped",
          problem:
            err.name === "NotAllowedError"
              ? "The camera is blocked: allow camera access for this page."
              : err.name === "NotFoundError"
                ? "No camera found."
                : `The kiosk could not start: ${err.message}`,
        }));
      }
    })();
    return () => {
      stopped = true;
      runner?.stop();
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, []);

  const reopen = useCallback((outcome: TrackOutcome) => reopenRef.current(outcome), []);
  return { ...state, video, reopen };
}
