// BlazeFace (the "back" model: 256×256 input, made for small and distant faces), as a
// face detector in front of face-api's landmarks and descriptor. The weights come from
// @vladmandic/human's npm package (copied by scripts/postinstall.mjs); Human's runtime is
// not used: the model runs on face-api's own tfjs instance and the anchor decoding is
// done here on the output arrays. Universal code: the caller passes tfjs.
import type { Box } from "./types";
import { iou } from "./geometry";

type Tensor = { shape: number[]; data(): Promise<Float32Array | Int32Array | Uint8Array>; dispose(): void };
export type GraphModel = { execute(input: unknown): Tensor | Tensor[]; dispose(): void };
type Tf = {
  tidy<T>(fn: () => T): T;
  tensor3d(data: Uint8Array, shape: [number, number, number], dtype: "int32"): unknown;
  loadGraphModel(source: unknown): Promise<GraphModel>;
  io: { fromMemory(artifacts: unknown): unknown };
  [op: string]: unknown;
};

export const BLAZEFACE_MODEL = "blazeface";
const INPUT = 256;
/** Anchors: a 16×16 grid with 2 per cell, then an 8×8 grid with 6 per cell (896 in all). */
const ANCHORS: [number, number][] = (() => {
  const out: [number, number][] = [];
  for (const [stride, perCell] of [
    [16, 2],
    [32, 6],
  ]) {
    const cells = INPUT / stride;
    for (let y = 0; y < cells; y++)
      for (let x = 0; x < cells; x++) for (let n = 0; n < perCell; n++) out.push([(x + 0.5) * stride, (y + 0.5) * stride]);
  }
  return out;
})();

/**
 * BlazeFace's box and SSD's frame a face differently; face-api's landmark net was trained on
 * SSD's. Measured on 118 LFW faces 160 px wide in 640×480 frames (`npx tsx bench/detectors.ts
 * --calibrate`, medians): SSD's box is 0.91× as wide and 1.12× as tall, its centre 0.02 widths
 * left and 0.10 heights higher.
 */
export const BOX_TO_SSD = { width: 0.911, height: 1.119, dx: -0.019, dy: -0.099 };

export async function loadBlazeFace(tf: unknown, source: { url: string } | { json: unknown; weights: ArrayBuffer }): Promise<GraphModel> {
  const t = tf as Tf;
  if ("url" in source) return t.loadGraphModel(source.url);
  const json = source.json as { modelTopology: unknown; weightsManifest: { weights: unknown[] }[] };
  return t.loadGraphModel(
    t.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((m) => m.weights),
      weightData: source.weights,
    }),
  );
}

export type BlazeOptions = { minScore: number; maxFaces?: number; iouThreshold?: number };

/**
 * Faces in an RGB image tensor ([height, width, 3], int32), in the image's coordinates,
 * as BlazeFace's own box (see `toSsdBox`). The frame is padded to a square at the right
 * and bottom before it is scaled to 256×256, so faces keep their shape.
 */
export async function detectBlazeFace(
  tf: unknown,
  model: GraphModel,
  image: Tensor,
  opts: BlazeOptions,
): Promise<{ box: Box; score: number }[]> {
  const t = tf as Tf & Record<string, (...args: unknown[]) => unknown>;
  const [height, width] = image.shape;
  const side = Math.max(width, height);
  const input = t.tidy(() => {
    const padded = t.pad(image, [
      [0, side - height],
      [0, side - width],
      [0, 0],
    ]);
    const resized = (t.image as unknown as { resizeBilinear(x: unknown, size: [number, number]): unknown }).resizeBilinear(padded, [
      INPUT,
      INPUT,
    ]);
    return t.expandDims(t.sub(t.div(t.cast(resized, "float32"), 127.5), 1), 0);
  }) as Tensor;
  const raw = model.execute(input);
  input.dispose();
  const outputs = Array.isArray(raw) ? raw : [raw];
  try {
    // Two heads: 512 anchors (stride 16) and 384 (stride 32), each a score and 16 regressors.
    const bySize = [...outputs].sort((a, b) => a.shape.reduce((x, y) => x * y, 1) - b.shape.reduce((x, y) => x * y, 1));
    const [score384, score512, reg384, reg512] = await Promise.all(bySize.map((o) => o.data()));
    const scale = side / INPUT;
    const found: { box: Box; score: number }[] = [];
    for (let i = 0; i < ANCHORS.length; i++) {
      const logit = i < 512 ? score512[i] : score384[i - 512];
      const score = 1 / (1 + Math.exp(-logit));
      if (score < opts.minScore) continue;
      const r = i < 512 ? reg512.subarray(i * 16, i * 16 + 4) : reg384.subarray((i - 512) * 16, (i - 512) * 16 + 4);
      const [ax, ay] = ANCHORS[i];
      const cx = (ax + r[0]) * scale;
      const cy = (ay + r[1]) * scale;
      const w = r[2] * scale;
      const h = r[3] * scale;
      if (w <= 0 || h <= 0) continue;
      found.push({ box: { x: cx - w / 2, y: cy - h / 2, width: w, height: h }, score });
    }
    // Greedy non-maximum suppression.
    found.sort((a, b) => b.score - a.score);
    const kept: { box: Box; score: number }[] = [];
    for (const f of found) {
      if (kept.length >= (opts.maxFaces ?? 50)) break;
      if (kept.every((k) => iou(k.box, f.box) < (opts.iouThreshold ?? 0.3))) kept.push(f);
    }
    return kept.filter((k) => k.box.x + k.box.width > 0 && k.box.y + k.box.height > 0 && k.box.x < width && k.box.y < height);
  } finally {
    outputs.forEach((o) => o.dispose());
  }
}

/** BlazeFace's box turned into the box face-api's landmark net expects (SSD's framing). */
export function toSsdBox(box: Box, imageWidth: number, imageHeight: number): Box {
  const w = box.width * BOX_TO_SSD.width;
  const h = box.height * BOX_TO_SSD.height;
  const cx = box.x + box.width / 2 + BOX_TO_SSD.dx * box.width;
  const cy = box.y + box.height / 2 + BOX_TO_SSD.dy * box.height;
  const x = Math.max(0, cx - w / 2);
  const y = Math.max(0, cy - h / 2);
  return { x, y, width: Math.min(imageWidth, cx + w / 2) - x, height: Math.min(imageHeight, cy + h / 2) - y };
}
