// A kiosk's camera (and the clips it plays) and keyboard in Chromium, shared by the kiosk specs
// and the kiosk benchmark.
import { execFileSync } from "node:child_process";
import type { Page } from "@playwright/test";

/** Chromium arguments for a camera that plays `video` (a .y4m file, looped), allowed without a prompt. */
export function fakeCameraArgs(video: string): string[] {
  return [
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    `--use-file-for-fake-video-capture=${video}`,
    "--disable-background-networking",
    "--autoplay-policy=no-user-gesture-required",
  ];
}

/** From now on, times each key from its event to the next frame after it (rAF, then the task after the paint). */
export async function timeKeys(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { keyLatencies: number[] };
    w.keyLatencies = [];
    document.addEventListener("keydown", (e) => {
      const t0 = e.timeStamp;
      requestAnimationFrame(() => setTimeout(() => w.keyLatencies.push(performance.now() - t0), 0));
    });
  });
}

/** The key → rendered frame times (ms) recorded since `timeKeys`. */
export function keyLatencies(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as { keyLatencies: number[] }).keyLatencies);
}

/** A 150×150 ID crop at 260 px in the middle of the frame: a student in front of the screen. */
export const CENTRED_CROP = (w: number, h: number) => `scale=260:260,pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2:color=0x808080`;
/** A photo fitted into the frame (a group photo filling the camera's view). */
export const FITTED = (w: number, h: number) =>
  `scale=${w}:${h}:force_original_aspect_ratio=decrease,pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2:color=0x808080`;

/**
 * A fake camera's clip (.y4m, 10 frames a second, looped by Chromium): stills one after another,
 * each a photo placed in the frame (`CENTRED_CROP` unless said) or, without one, the grey wall,
 * for its seconds. Photos get a camera's sensor noise: the kiosk refuses identical frames.
 */
export function stillsClip(
  out: string,
  shots: { photo?: string; seconds: number; place?: (w: number, h: number) => string }[],
  size: { width: number; height: number } = { width: 640, height: 480 },
): string {
  const { width: w, height: h } = size;
  const inputs = shots.flatMap((s) =>
    s.photo
      ? ["-loop", "1", "-t", String(s.seconds), "-i", s.photo]
      : ["-f", "lavfi", "-t", String(s.seconds), "-i", `color=c=0x808080:s=${w}x${h}:r=10`],
  );
  const chains = shots.map((s, i) =>
    s.photo
      ? `[${i}:v]${(s.place ?? CENTRED_CROP)(w, h)},fps=10,noise=alls=5:allf=t,format=yuv420p,setsar=1[v${i}]`
      : `[${i}:v]format=yuv420p,setsar=1[v${i}]`,
  );
  const concat = `${shots.map((_, i) => `[v${i}]`).join("")}concat=n=${shots.length}:v=1:a=0[out]`;
  execFileSync("ffmpeg", [
    "-loglevel",
    "error",
    "-y",
    ...inputs,
    "-filter_complex",
    `${chains.join(";")};${concat}`,
    "-map",
    "[out]",
    "-r",
    "10",
    out,
  ]);
  return out;
}
