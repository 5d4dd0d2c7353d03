// The head-turn challenge: a flat photo, moved, scaled or rotated in front of the camera, keeps
// its landmarks in the same arrangement; a real head turned to one side moves the nose tip
// toward that side between the jaw's outer points. The server picks the side at random per
// attempt and marks the student only if one person's face goes from frontal to that side.
// Universal: the kiosk measures the turn of each frame, the server judges the sequence.
import type { Point } from "./types";

export type TurnSide = "left" | "right";

/**
 * Signed head turn from the 68 landmarks (NaN when the jaw points are degenerate), in the camera's own (unmirrored) image: where the nose
 * tip (point 30) lies between the jaw's outer points (0 and 16), −1…1, 0 frontal. Positive: the
 * nose toward the image's right, which is the student's own left (the screen shows a mirror).
 * |value| ≈ sin(yaw): 0.5 ≈ 30°. `headTurn` in quality.ts is its magnitude.
 */
export function signedHeadTurn(landmarks: Point[]): number {
  const left = landmarks[0];
  const right = landmarks[16];
  const nose = landmarks[30];
  const span = right.x - left.x;
  if (!(span > 0)) return NaN; // jaw points crossed: no face a turn can be read from
  return Math.max(-1, Math.min(1, ((nose.x - left.x) / span - 0.5) * 2));
}

/** The side a signed turn points to, from the student's point of view. */
export const sideOf = (turn: number): TurnSide => (turn > 0 ? "left" : "right");

export const HEAD_TURN_RULES = {
  /** The sequence starts facing the camera: the first frame within this. */
  frontalMax: 0.15,
  /**
   * Turned far enough (≈ 16°) toward the asked side. Chosen on the fixture photos: turned
   * photos measure 0.32–0.36, frontal ones within ±0.07; a photo moved in the image plane keeps
   * its value.
   */
  turnedMin: 0.28,
  /** Turned this far the other way first fails (a photo swapped for another, or guessing). */
  otherSideMax: 0.28,
  /**
   * A frame turned past `turnedMin` may be this much further from the student's (frontal)
   * templates than the recognition threshold: real turns measure 0.42–0.47 in Node on the
   * fixtures and more in the browser; at the bare threshold the kiosk e2e's real turn failed.
   * Frontal frames get no allowance.
   */
  turnedAllowance: 0.05,
  /** How long a challenge stands, from the moment the kiosk is told. */
  windowMs: 8_000,
} as const;

export type TurnFrame = { turn: number; distance: number };
export type TurnVerdict = { ok: true } | { ok: false; reason: "not_frontal" | "other_side" | "no_turn" | "other_person" | "no_frames" };

/**
 * Judges a challenge's frames, in the order seen: the same person throughout (every frame within
 * the school's recognition `threshold` of their own templates; a turned frame within
 * `turnedAllowance` more), frontal first, then turned to `side` past the threshold, and never to
 * the other side before.
 */
export function judgeHeadTurn(side: TurnSide, frames: TurnFrame[], threshold: number, rules = HEAD_TURN_RULES): TurnVerdict {
  if (frames.length === 0) return { ok: false, reason: "no_frames" };
  const samePerson = (f: TurnFrame) => f.distance <= threshold + (Math.abs(f.turn) >= rules.turnedMin ? rules.turnedAllowance : 0);
  if (!frames.every(samePerson)) return { ok: false, reason: "other_person" };
  if (Math.abs(frames[0].turn) > rules.frontalMax) return { ok: false, reason: "not_frontal" };
  const sign = side === "left" ? 1 : -1;
  for (const f of frames) {
    const toward = f.turn * sign;
    if (toward <= -rules.otherSideMax) return { ok: false, reason: "other_side" };
    if (toward >= rules.turnedMin) return { ok: true };
  }
  return { ok: false, reason: "no_turn" };
}
