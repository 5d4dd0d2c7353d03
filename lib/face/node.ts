// The face pipeline in Node: face-api's wasm build (tfjs-node cannot install on
// closed networks; the plain cpu backend is 30× slower), images decoded with sharp.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import sharp from "sharp";
import { loadModels, tfOf, type FaceApiModule } from "./models";
import { BLAZEFACE_MODEL, loadBlazeFace, type GraphModel } from "./blazeface";
import { describeFaces, ENROLLMENT_OPTIONS, type FaceNets, type PipelineOptions } from "./pipeline";
import { assessEnrollmentFaces, unreadable, type QualityVerdict } from "./quality";
import type { DetectedFace, RgbImage } from "./types";
import { MAX_PHOTO_PIXELS } from "@/lib/limits";

// Resolved from the working directory at run time, not from this file: bundlers (Next's, for the
// server's check of enrollment photos) follow `createRequire(import.meta.url)` and try to bundle the
// wasm build and its .wasm file, which must load from node_modules as they are.
const require = createRequire(path.join(process.cwd(), "package.json"));
let loaded: Promise<FaceApiModule> | undefined;

export function modelsDir(): string {
  return path.resolve(process.env.ROLLCALL_MODELS_DIR ?? path.join(process.cwd(), "public", "models"));
}

/** face-api with the wasm backend and the models loaded; once per process. */
export function nodeFaceApi(): Promise<FaceApiModule> {
  loaded ??= (async () => {
    const faceapi = require("@vladmandic/face-api/dist/face-api.node-wasm.js") as FaceApiModule;
    const wasm = require("@tensorflow/tfjs-backend-wasm") as { setWasmPaths(p: string): void };
    wasm.setWasmPaths(path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm")) + path.sep);
    const tf = tfOf(faceapi);
    if (!(await tf.setBackend("wasm"))) throw new Error("The tfjs wasm backend could not start.");
    await tf.ready();
    const dir = modelsDir();
    if (!fs.existsSync(path.join(dir, "face_recognition_model.bin")))
      throw new Error(`Face models are missing in ${dir}. Run "npm install" (it copies them from the face-api package).`);
    await loadModels(faceapi, { dir });
    return faceapi;
  })();
  return loaded;
}

let blazeface: Promise<GraphModel> | undefined;

/** face-api and BlazeFace, loaded once per process (BlazeFace from public/models too). */
export async function nodeFaceNets(): Promise<FaceNets> {
  const faceapi = await nodeFaceApi();
  blazeface ??= (async () => {
    const dir = modelsDir();
    const json = JSON.parse(fs.readFileSync(path.join(dir, `${BLAZEFACE_MODEL}.json`), "utf8"));
    const bin = fs.readFileSync(path.join(dir, `${BLAZEFACE_MODEL}.bin`));
    return loadBlazeFace(faceapi.tf, { json, weights: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer });
  })();
  return { faceapi, blazeface: await blazeface };
}

export class ImageDecodeError extends Error {}

/** Decodes JPEG, PNG or WebP to RGB, upright per its EXIF orientation. */
export async function decodeImage(input: Buffer | string, maxPixels = MAX_PHOTO_PIXELS, maxSide?: number): Promise<RgbImage> {
  try {
    let image = sharp(input, { limitInputPixels: maxPixels, failOn: "error" }).rotate();
    if (maxSide) image = image.resize({ width: maxSide, height: maxSide, fit: "inside", withoutEnlargement: true });
    const { data, info } = await image.removeAlpha().toColourspace("srgb").raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`unexpected ${info.channels} channels`);
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
  } catch (e) {
    throw new ImageDecodeError(`not a readable image (${(e as Error).message.split("\n")[0]})`);
  }
}

/** Decode and describe a photo with the given options (enrollment options by default). */
export async function describeImage(input: Buffer | string, opts: PipelineOptions = ENROLLMENT_OPTIONS): Promise<DetectedFace[]> {
  const img = await decodeImage(input);
  return describeFaces(await nodeFaceNets(), img, opts);
}

/**
 * Enrollment photos are described at most this many pixels on their longest side. The SSD
 * detector sees 512 px whatever it is given, and a 6000×6000 photo as a tensor is 430 MB
 * (3.9 GB when padded for a missed face), more than the wasm backend can hold. Faces are
 * measured back in the photo's own pixels, so the quality gate judges the photo as sent.
 */
export const MAX_DESCRIBE_SIDE = 1280;

function scaleFace(face: DetectedFace, by: number): DetectedFace {
  if (by === 1) return face;
  const { x, y, width, height } = face.box;
  return {
    ...face,
    box: { x: x * by, y: y * by, width: width * by, height: height * by },
    landmarks: face.landmarks.map((p) => ({ x: p.x * by, y: p.y * by })),
  };
}

/**
 * The enrollment quality gate on a photo's bytes or path: one code path for the CLI's import
 * and the server's check of every uploaded photo (lib/photos).
 */
export async function assessPhoto(input: Buffer | string): Promise<QualityVerdict> {
  try {
    const img = await decodeImage(input, MAX_PHOTO_PIXELS, MAX_DESCRIBE_SIDE);
    // Read only once the decode succeeded: the header of a readable image.
    const { width = 0, height = 0 } = await sharp(input).metadata();
    const original = Math.max(width, height);
    const faces = await describeFaces(await nodeFaceNets(), img, ENROLLMENT_OPTIONS);
    return assessEnrollmentFaces(faces.map((f) => scaleFace(f, original / Math.max(img.width, img.height))));
  } catch (e) {
    if (e instanceof ImageDecodeError) return unreadable();
    throw e;
  }
}
