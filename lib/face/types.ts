// Types of the face pipeline, shared by browser and Node code.

/** Decoded pixels, 3 bytes (R, G, B) per pixel, row by row. */
export type RgbImage = { data: Uint8Array; width: number; height: number };

export type Box = { x: number; y: number; width: number; height: number };
export type Point = { x: number; y: number };

export type DetectorKind = "ssd" | "tiny" | "blazeface";

export type DetectedFace = {
  /** In the coordinates of the image given to the pipeline. */
  box: Box;
  /** Detector confidence, 0..1. */
  score: number;
  landmarks: Point[];
  /** 128 values. */
  descriptor: Float32Array;
};

export const DESCRIPTOR_LENGTH = 128;
/** Identifies the network that made a descriptor; templates of another model never match. */
export const FACE_MODEL_ID = "face-api-1.7.15/face_recognition_model";
