// Messages between the kiosk page and its recognition worker.
import type { EngineStep } from "./engine";
import type { TrackChallenge, TrackOutcome } from "./tracker";

export type EngineRequest =
  | { type: "start"; origin: string }
  | { type: "frame"; bitmap: ImageBitmap; frameAt: number }
  | { type: "resolve"; trackId: string; outcome: TrackOutcome; at: number; challenge?: TrackChallenge }
  | { type: "reopen"; outcome: TrackOutcome };

export type EngineReply =
  /** `resources`: what the worker loaded (its scripts, the models, the wasm), for the offline cache. */
  | { type: "started"; backend: string; resources: string[] }
  | { type: "step"; step: EngineStep }
  | { type: "error"; message: string; during: EngineRequest["type"] };

/** Where recognition runs: in a worker (the screen stays responsive), or on the page (fallback). */
export type EngineMode = "worker" | "page";
