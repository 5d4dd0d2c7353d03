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

const require = createRequire(import.meta.url);
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
export async function decodeImage(input: Buffer | string, maxPixels = 40_000_000): Promise<RgbImage> {
  try {
    const { data, info } = await sharp(input, { limitInputPixels: maxPixels, failOn: "error" })
      .rotate()
      .removeAlpha()
      .toColourspace("srgb")
      .raw()
      .toBuffer({ resolveWithObject: true });
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

/** The enrollment quality gate on a photo's bytes or path. */
export async function assessPhoto(input: Buffer | string): Promise<QualityVerdict> {
  try {
    return assessEnrollmentFaces(await describeImage(input));
  } catch (e) {
    if (e instanceof ImageDecodeError) return unreadable();
    throw e;
  }
}
