// A kiosk's camera and keyboard in Chromium, shared by the kiosk specs and the kiosk benchmark.
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
