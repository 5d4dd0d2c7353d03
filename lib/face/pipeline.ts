// Photo or frame → faces with 68 landmarks and 128-d descriptors. Environment-free:
// the caller passes a loaded face-api module (browser or Node build) and decoded RGB
// pixels, so both sides run exactly the same steps on the same numbers.
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
 * templates. SSD, not Tiny: with Tiny the kiosk acceptance test did not recognise even the
 * single-student video within 90 s (measured 2026-11-28).
 */
export const KIOSK_OPTIONS: PipelineOptions = { detector: "ssd", minScore: 0.5, padIfNoFace: false, mirror: true };

type Tensor3D = Parameters<FaceApiModule["extractFaceTensors"]>[0];
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

async function runNetworks(faceapi: FaceApiModule, img: RgbImage, opts: PipelineOptions): Promise<DetectedFace[]> {
  const tf = faceapi.tf;
  const tensor = tf.tensor3d(img.data, [img.height, img.width, 3], "int32") as unknown as Tensor3D;
  try {
    const found = await faceapi.detectAllFaces(tensor, detectorOptions(faceapi, opts)).withFaceLandmarks();
    // The descriptor step of face-api, done here so that the aligned face chip can
    // also be described mirrored (one more pass of the descriptor net, not of the detector).
    const chips = await faceapi.extractFaceTensors(
      tensor,
      found.map((r) => r.landmarks.align(null, { useDlibAlignment: true })),
    );
    try {
      const faces: DetectedFace[] = [];
      for (let i = 0; i < found.length; i++) {
        let descriptor = (await faceapi.computeFaceDescriptor(chips[i])) as Float32Array;
        if (opts.mirror) {
          const flipped = (tf as unknown as TfReverse).reverse(chips[i], 1);
          descriptor = average(descriptor, (await faceapi.computeFaceDescriptor(flipped)) as Float32Array);
          flipped.dispose();
        }
        const { box, score } = found[i].detection;
        faces.push({
          box: { x: box.x, y: box.y, width: box.width, height: box.height },
          score,
          landmarks: found[i].landmarks.positions.map((p) => ({ x: p.x, y: p.y })),
          descriptor,
        });
      }
      return faces;
    } finally {
      chips.forEach((c) => c.dispose());
    }
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
export async function describeFaces(faceapi: FaceApiModule, img: RgbImage, opts: PipelineOptions): Promise<DetectedFace[]> {
  const padded = async () => {
    const p = padImage(img, PAD_FACTOR);
    return (await runNetworks(faceapi, p.image, opts)).map((f) => shift(f, p.offsetX, p.offsetY));
  };
  const small = Math.max(img.width, img.height) <= SMALL_PHOTO_PX;
  let faces: DetectedFace[];
  if (opts.padIfNoFace && small) {
    faces = await padded();
    if (faces.length === 0) faces = await runNetworks(faceapi, img, opts);
  } else {
    faces = await runNetworks(faceapi, img, opts);
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
  faceapi: FaceApiModule,
  img: RgbImage,
  opts: PipelineOptions,
): Promise<{ box: DetectedFace["box"]; score: number }[]> {
  const tensor = faceapi.tf.tensor3d(img.data, [img.height, img.width, 3], "int32") as unknown as Tensor3D;
  try {
    const found = await faceapi.detectAllFaces(tensor, detectorOptions(faceapi, opts));
    return found.map((d) => ({ box: { x: d.box.x, y: d.box.y, width: d.box.width, height: d.box.height }, score: d.score }));
  } finally {
    tensor.dispose();
  }
}
