// Photo or frame → faces with 68 landmarks and 128-d descriptors. Environment-free:
// the caller passes a loaded face-api module (browser or Node build) and decoded RGB
// pixels, so both sides run exactly the same steps on the same numbers.
import { detectBlazeFace, toSsdBox, type GraphModel } from "./blazeface";
import type { FaceApiModule } from "./models";
import { padImage } from "./image";
import type { DetectedFace, DetectorKind, RgbImage } from "./types";

export type PipelineOptions = {
  detector: DetectorKind;
  /** Detections below this confidence are dropped. */
  minScore: number;
  /** Retry a photo in which no face was found, padded (tight headshots). */
  padIfNoFace: boolean;
  /**
   * Average each face's descriptor with that of its mirror image. Lowers noise
   * (fewer false rejects at the same false-accept rate) at the cost of a second pass.
   */
  mirror: boolean;
};

export const ENROLLMENT_OPTIONS: PipelineOptions = { detector: "ssd", minScore: 0.5, padIfNoFace: true, mirror: true };
/**
 * Camera frames: faces in a scene need no padding; descriptors mirror-averaged like the
 * templates. BlazeFace finds the faces: on kiosk-like frames from the LFW calibration set it
 * found and identified as many faces as SSD (more at 240 px), at a quarter of SSD's time
 * (README "Which detector the kiosk uses", `npm run bench -- detectors`). Enrollment keeps SSD.
 */
export const KIOSK_OPTIONS: PipelineOptions = { detector: "blazeface", minScore: 0.5, padIfNoFace: false, mirror: true };

/** The loaded networks: face-api's, and BlazeFace where a pipeline uses it. */
export type FaceNets = { faceapi: FaceApiModule; blazeface?: GraphModel };

type Tensor3D = Parameters<FaceApiModule["extractFaceTensors"]>[0];
type Landmarks = InstanceType<FaceApiModule["FaceLandmarks68"]>;
/** tfjs's reverse, which face-api's type declarations leave out. */
type TfReverse = { reverse(t: Tensor3D, axis: number): Tensor3D };

function average(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] + b[i]) / 2;
  return out;
}

function detectorOptions(faceapi: FaceApiModule, opts: PipelineOptions) {
  return opts.detector === "ssd"
    ? new faceapi.SsdMobilenetv1Options({ minConfidence: opts.minScore, maxResults: 50 })
    : new faceapi.TinyFaceDetectorOptions({ inputSize: 416, scoreThreshold: opts.minScore });
}

/** Boxes from BlazeFace, reframed as SSD frames faces (what the landmark net was trained on). */
async function blazeBoxes(nets: FaceNets, tensor: Tensor3D, opts: PipelineOptions): Promise<{ box: DetectedFace["box"]; score: number }[]> {
  if (!nets.blazeface) throw new Error("The BlazeFace model is not loaded.");
  const [height, width] = (tensor as unknown as { shape: number[] }).shape;
  const raw = await detectBlazeFace(nets.faceapi.tf, nets.blazeface, tensor as never, { minScore: opts.minScore });
  return raw.map((r) => ({ box: toSsdBox(r.box, width, height), score: r.score }));
}

/** face-api's landmark step on given boxes (SSD's framing): each crop's landmarks, moved into the image. */
async function landmarksAt(
  faceapi: FaceApiModule,
  tensor: Tensor3D,
  boxes: { box: DetectedFace["box"]; score: number }[],
): Promise<{ box: DetectedFace["box"]; score: number; landmarks: Landmarks }[]> {
  const rects = boxes.map((b) => new faceapi.Rect(b.box.x, b.box.y, b.box.width, b.box.height));
  if (rects.length === 0) return [];
  const crops = await faceapi.extractFaceTensors(tensor, rects);
  try {
    // One pass per face: a batched pass was slower on wasm (5 faces: 510 ms against 400, measured here).
    const out = [];
    for (let i = 0; i < crops.length; i++) {
      const landmarks = (await faceapi.nets.faceLandmark68Net.detectLandmarks(crops[i])) as Landmarks;
      out.push({ ...boxes[i], landmarks: landmarks.shiftBy(rects[i].x, rects[i].y) as Landmarks });
    }
    return out;
  } finally {
    crops.forEach((c) => c.dispose());
  }
}

/** Boxes, scores and 68 landmarks (image coordinates) of every face the detector finds. */
async function detectWithLandmarks(
  nets: FaceNets,
  tensor: Tensor3D,
  opts: PipelineOptions,
): Promise<{ box: DetectedFace["box"]; score: number; landmarks: Landmarks }[]> {
  const { faceapi } = nets;
  if (opts.detector === "blazeface") return landmarksAt(faceapi, tensor, await blazeBoxes(nets, tensor, opts));
  const found = await faceapi.detectAllFaces(tensor, detectorOptions(faceapi, opts)).withFaceLandmarks();
  return found.map((r) => ({ box: r.detection.box, score: r.detection.score, landmarks: r.landmarks }));
}

/** Descriptors (mirror-averaged if asked) of faces whose landmarks are known. */
async function describeLandmarked(
  faceapi: FaceApiModule,
  tensor: Tensor3D,
  found: { box: DetectedFace["box"]; score: number; landmarks: Landmarks }[],
  opts: PipelineOptions,
): Promise<DetectedFace[]> {
  const tf = faceapi.tf;
  // The descriptor step of face-api, done here so that the aligned face chip can
  // also be described mirrored (one more pass of the descriptor net, not of the detector).
  const chips = await faceapi.extractFaceTensors(
    tensor,
    found.map((r) => r.landmarks.align(null, { useDlibAlignment: true })),
  );
  const flipped = opts.mirror ? chips.map((c) => (tf as unknown as TfReverse).reverse(c, 1)) : [];
  try {
    const out: Float32Array[] = [];
    for (const chip of [...chips, ...flipped]) out.push((await faceapi.computeFaceDescriptor(chip)) as Float32Array);
    return found.map((f, i) => ({
      box: { x: f.box.x, y: f.box.y, width: f.box.width, height: f.box.height },
      score: f.score,
      landmarks: f.landmarks.positions.map((p) => ({ x: p.x, y: p.y })),
      descriptor: opts.mirror ? average(out[i], out[found.length + i]) : out[i],
    }));
  } finally {
    chips.forEach((c) => c.dispose());
    flipped.forEach((c) => c.dispose());
  }
}

function toTensor(faceapi: FaceApiModule, img: RgbImage): Tensor3D {
  return faceapi.tf.tensor3d(img.data, [img.height, img.width, 3], "int32") as unknown as Tensor3D;
}

async function runNetworks(nets: FaceNets, img: RgbImage, opts: PipelineOptions): Promise<DetectedFace[]> {
  const tensor = toTensor(nets.faceapi, img);
  try {
    return await describeLandmarked(nets.faceapi, tensor, await detectWithLandmarks(nets, tensor, opts), opts);
  } finally {
    tensor.dispose();
  }
}

/**
 * Landmarks and descriptors of faces at boxes found earlier by `detectFaces` (the kiosk
 * describes only the faces it has not resolved yet, and only follows the others).
 */
export async function describeBoxes(
  nets: FaceNets,
  img: RgbImage,
  boxes: { box: DetectedFace["box"]; score: number }[],
  opts: PipelineOptions,
): Promise<DetectedFace[]> {
  if (boxes.length === 0) return [];
  const tensor = toTensor(nets.faceapi, img);
  try {
    return await describeLandmarked(nets.faceapi, tensor, await landmarksAt(nets.faceapi, tensor, boxes), opts);
  } finally {
    tensor.dispose();
  }
}

function shift(face: DetectedFace, dx: number, dy: number): DetectedFace {
  return {
    ...face,
    box: { ...face.box, x: face.box.x - dx, y: face.box.y - dy },
    landmarks: face.landmarks.map((p) => ({ x: p.x - dx, y: p.y - dy })),
  };
}

/** Photos this small are tight headshots (school ID photos): pad them before detection. */
const SMALL_PHOTO_PX = 400;
/** A face wider than this share of the photo means a tight crop, which detectors handle badly. */
const TIGHT_FACE_SHARE = 0.45;
/** How much a tight photo is padded; at ×3 the SSD detector found all 40 fixture crops (×2: 36). */
export const PAD_FACTOR = 3;

/**
 * Every face in the image, largest first, in the image's own coordinates. With
 * `padIfNoFace`, a tight headshot is padded before detection (small photos first,
 * others when the first pass found no face or a face filling the frame).
 */
export async function describeFaces(nets: FaceNets, img: RgbImage, opts: PipelineOptions): Promise<DetectedFace[]> {
  const padded = async () => {
    const p = padImage(img, PAD_FACTOR);
    return (await runNetworks(nets, p.image, opts)).map((f) => shift(f, p.offsetX, p.offsetY));
  };
  const small = Math.max(img.width, img.height) <= SMALL_PHOTO_PX;
  let faces: DetectedFace[];
  if (opts.padIfNoFace && small) {
    faces = await padded();
    if (faces.length === 0) faces = await runNetworks(nets, img, opts);
  } else {
    faces = await runNetworks(nets, img, opts);
    const tight = faces.length === 0 || faces.some((f) => f.box.width > TIGHT_FACE_SHARE * img.width);
    if (opts.padIfNoFace && tight) {
      const again = await padded();
      if (again.length > 0) faces = again;
    }
  }
  return faces.sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height);
}

/** Face boxes only (no landmarks, no descriptors): for following faces already described. */
export async function detectFaces(
  nets: FaceNets,
  img: RgbImage,
  opts: PipelineOptions,
): Promise<{ box: DetectedFace["box"]; score: number }[]> {
  const { faceapi } = nets;
  const tensor = toTensor(faceapi, img);
  try {
    if (opts.detector === "blazeface") return await blazeBoxes(nets, tensor, opts);
    const found = await faceapi.detectAllFaces(tensor, detectorOptions(faceapi, opts));
    return found.map((d) => ({ box: { x: d.box.x, y: d.box.y, width: d.box.width, height: d.box.height }, score: d.score }));
  } finally {
    tensor.dispose();
  }
}
