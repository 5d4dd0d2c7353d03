// The face pipeline in the browser, on a page or in a Web Worker: face-api's browser build,
// BlazeFace, the models from /models, and the fastest backend that works on this device,
// measured at start-up.
import "client-only"; // DOM APIs (canvas, createImageBitmap): never on the server
import { BLAZEFACE_MODEL, loadBlazeFace } from "./blazeface";
import { rgbaToRgb } from "./image";
import { loadModels, MODELS_URI, tfOf, type FaceApiModule } from "./models";
import type { FaceNets } from "./pipeline";
import type { RgbImage } from "./types";

export type BackendTiming = { backend: string; ms: number | null; note?: string };
export type BrowserFace = FaceNets & { backend: string; timings: BackendTiming[] };

/** Where the app serves @tensorflow/tfjs-backend-wasm's .wasm files (copied by postinstall). */
export const WASM_PATH = "/tfjs/";
const CANDIDATES = ["webgpu", "webgl", "wasm"];

/**
 * WebGL without a GPU runs in software (SwiftShader, llvmpipe) and is about 10× slower
 * than wasm, with a 10 s first run: not worth measuring.
 */
function webglIsSoftware(): boolean {
  try {
    const gl = new OffscreenCanvas(1, 1).getContext("webgl");
    if (!gl) return true;
    const info = gl.getExtension("WEBGL_debug_renderer_info");
    const renderer = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    return /swiftshader|llvmpipe|software|basic render/i.test(renderer);
  } catch {
    return true;
  }
}

async function timeDetection(faceapi: FaceApiModule): Promise<number> {
  const tf = faceapi.tf;
  const frame = tf.zeros([240, 320, 3], "int32") as unknown as Parameters<FaceApiModule["detectAllFaces"]>[0];
  try {
    const run = () => faceapi.detectAllFaces(frame, new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5 }));
    await run(); // warm-up: shader compilation, weight upload
    const t0 = performance.now();
    await run();
    return performance.now() - t0;
  } finally {
    (frame as unknown as { dispose(): void }).dispose();
  }
}

async function chooseBackend(faceapi: FaceApiModule): Promise<{ backend: string; timings: BackendTiming[] }> {
  const tf = tfOf(faceapi);
  const timings: BackendTiming[] = [];
  for (const name of CANDIDATES) {
    if (!tf.findBackendFactory?.(name)) {
      timings.push({ backend: name, ms: null, note: "not available in this build" });
      continue;
    }
    if (name === "webgl" && webglIsSoftware()) {
      timings.push({ backend: name, ms: null, note: "software rendering, skipped" });
      continue;
    }
    try {
      if (!(await tf.setBackend(name))) throw new Error("did not start");
      await tf.ready();
      timings.push({ backend: name, ms: await timeDetection(faceapi) });
    } catch (e) {
      timings.push({ backend: name, ms: null, note: (e as Error).message });
    }
  }
  const measured = timings.filter((t) => t.ms !== null).sort((a, b) => a.ms! - b.ms!);
  if (measured.length === 0) throw new Error("No face-recognition backend works in this browser.");
  await tf.setBackend(measured[0].backend);
  await tf.ready();
  return { backend: measured[0].backend, timings };
}

/**
 * face-api finds no environment in a Web Worker (it looks for a window and a document) and
 * then cannot fetch its weights: give it one. The pipeline passes it tensors, so it never
 * draws on these canvases.
 */
function workerEnvironment(faceapi: FaceApiModule) {
  const env = faceapi.env as unknown as { isBrowser(): boolean; isNodejs(): boolean; setEnv(e: unknown): void };
  if (env.isBrowser() || env.isNodejs()) return;
  class Unavailable {}
  env.setEnv({
    Canvas: OffscreenCanvas,
    CanvasRenderingContext2D: OffscreenCanvasRenderingContext2D,
    Image: Unavailable,
    ImageData,
    Video: Unavailable,
    createCanvasElement: () => new OffscreenCanvas(1, 1),
    createImageElement: () => {
      throw new Error("No images in a worker: pass tensors.");
    },
    fetch: (url: string, init?: RequestInit) => fetch(url, init),
    readFile: () => {
      throw new Error("No file system in a browser.");
    },
  });
}

let loading: Promise<BrowserFace> | undefined;

/**
 * face-api and BlazeFace with models loaded and the fastest backend chosen; once per page or
 * worker. `origin` makes the model and wasm paths absolute (a worker's base URL is its script's).
 */
export function browserFaceApi(origin: string = self.location.origin): Promise<BrowserFace> {
  loading ??= (async () => {
    const faceapi = (await import("@vladmandic/face-api")) as unknown as FaceApiModule;
    workerEnvironment(faceapi);
    (faceapi.tf as unknown as { setWasmPaths(path: string): void }).setWasmPaths(new URL(WASM_PATH, origin).href);
    const models = new URL(MODELS_URI, origin).href;
    const [, blazeface] = await Promise.all([
      loadModels(faceapi, { uri: models }),
      loadBlazeFace(faceapi.tf, { url: `${models}/${BLAZEFACE_MODEL}.json` }),
    ]);
    const { backend, timings } = await chooseBackend(faceapi);
    return { faceapi, blazeface, backend, timings };
  })();
  loading.catch(() => (loading = undefined));
  return loading;
}

/** Decodes an image file to RGB in the browser, upright per its EXIF orientation. */
export async function decodeImageFile(file: Blob): Promise<RgbImage> {
  const bitmap = await createImageBitmap(file, { imageOrientation: "from-image", colorSpaceConversion: "default" });
  try {
    return bitmapToRgb(bitmap, bitmap.width, bitmap.height);
  } finally {
    bitmap.close();
  }
}

/** Pixels of a drawable (image, bitmap, video frame) as RGB. */
export function bitmapToRgb(source: CanvasImageSource, width: number, height: number): RgbImage {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  if (!ctx) throw new Error("Canvas 2D is not available.");
  ctx.drawImage(source, 0, 0, width, height);
  return rgbaToRgb(ctx.getImageData(0, 0, width, height).data, width, height);
}
