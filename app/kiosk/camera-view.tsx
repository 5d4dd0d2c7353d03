"use client";

import { useEffect, useRef, type RefObject } from "react";
import type { TrackView } from "@/lib/kiosk/engine";

const COLOURS: Record<TrackView["state"], string> = {
  done: "#22c55e",
  unknown: "#94a3b8",
  collecting: "#f59e0b",
  waiting: "#f59e0b",
  distant: "#475569",
};
const TURNING = "#38bdf8";

/**
 * The camera, mirrored like a mirror, with a box on each face: green checked in, amber being
 * recognised, grey not recognised (or told why not), dim in the background (too far to check in). (Names are on the cards: text on the mirrored overlay would read backwards.)
 */
export function CameraView({ video, tracks }: { video: RefObject<HTMLVideoElement | null>; tracks: TrackView[] }) {
  const overlay = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const v = video.current;
    const c = overlay.current;
    if (!v || !c || !v.videoWidth) return;
    if (c.width !== v.videoWidth) c.width = v.videoWidth;
    if (c.height !== v.videoHeight) c.height = v.videoHeight;
    const ctx = c.getContext("2d");
    if (!ctx) return;
    ctx.clearRect(0, 0, c.width, c.height);
    ctx.lineWidth = Math.max(3, c.width / 250);
    for (const t of tracks) {
      ctx.strokeStyle = t.turnTo ? TURNING : COLOURS[t.state];
      ctx.strokeRect(t.box.x, t.box.y, t.box.width, t.box.height);
    }
  }, [tracks, video]);
  return (
    <>
      <video ref={video} muted playsInline className="absolute inset-0 h-full w-full -scale-x-100 object-contain" />
      <canvas ref={overlay} aria-hidden className="absolute inset-0 h-full w-full -scale-x-100 object-contain" />
    </>
  );
}
