// The two measures the face code compares things by, in one place: how much two face boxes
// overlap (the detector's suppression, the kiosk's tracking) and how far apart two descriptors
// are (matching, calibration, plausibility). Pure, for the browser and the server alike.
import type { Box } from "./types";

/** Intersection over union of two boxes: 0 apart, 1 the same box. */
export function iou(a: Box, b: Box): number {
  const x1 = Math.max(a.x, b.x);
  const y1 = Math.max(a.y, b.y);
  const x2 = Math.min(a.x + a.width, b.x + b.width);
  const y2 = Math.min(a.y + a.height, b.y + b.height);
  const inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
  return inter / (a.width * a.height + b.width * b.height - inter || 1);
}

/** Squared Euclidean distance of two descriptors (comparisons need no square root). */
export function squaredDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] - b[i]) ** 2;
  return sum;
}

/** Euclidean distance of two descriptors: what the matching threshold is set in. */
export function euclidean(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return Math.sqrt(squaredDistance(a, b));
}
