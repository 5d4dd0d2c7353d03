// The one place that loads the face models, for the browser (from /models, served by
// the app) and for Node (from public/models on disk). Both read the same files,
// copied from the npm package by scripts/postinstall.mjs.
import type * as FaceApi from "@vladmandic/face-api";

export type FaceApiModule = typeof FaceApi;
export type ModelSource = { uri: string } | { dir: string };

/** URL path the app serves the models from. */
export const MODELS_URI = "/models";

/** The networks Rollcall loads (scripts/postinstall.mjs copies the same list from the npm package). */
export const MODEL_NAMES = [
  "ssd_mobilenetv1_model",
  "tiny_face_detector_model",
  "face_landmark_68_model",
  "face_recognition_model",
] as const;

/** Files under public/ the browser and Node need: each model's manifest and weights, tfjs's wasm. */
export const MODEL_FILES = [
  ...MODEL_NAMES.flatMap((m) => [`models/${m}-weights_manifest.json`, `models/${m}.bin`]),
  "models/blazeface.json",
  "models/blazeface.bin",
  "tfjs/tfjs-backend-wasm.wasm",
  "tfjs/tfjs-backend-wasm-simd.wasm",
];

export async function loadModels(faceapi: FaceApiModule, source: ModelSource): Promise<void> {
  const nets = [
    faceapi.nets.ssdMobilenetv1,
    faceapi.nets.tinyFaceDetector,
    faceapi.nets.faceLandmark68Net,
    faceapi.nets.faceRecognitionNet,
  ];
  await Promise.all(nets.filter((n) => !n.isLoaded).map((n) => ("dir" in source ? n.loadFromDisk(source.dir) : n.loadFromUri(source.uri))));
}

/** tfjs's engine functions that face-api's type declarations leave out. */
export type TfEngine = {
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  getBackend(): string;
  findBackendFactory?(name: string): unknown;
};

export function tfOf(faceapi: FaceApiModule): TfEngine {
  return faceapi.tf as unknown as TfEngine;
}
