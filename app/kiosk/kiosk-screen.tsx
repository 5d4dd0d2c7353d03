"use client";

import { useEffect, useRef, useState } from "react";
import { checkInAction, kioskStatusAction } from "@/app/kiosk/actions";
import { bitmapToRgb, browserFaceApi } from "@/lib/face/browser";
import { describeFaces, detectFaces, KIOSK_OPTIONS } from "@/lib/face/pipeline";
import { FaceTracker, type Track } from "@/lib/kiosk/tracker";

type Confirmation = { id: number; kind: "marked" | "already" | "unknown"; name?: string; status?: string; time?: string; latencyMs: number; at: number };

const SHOW_MS = 6000;
const STATUS_TEXT: Record<string, string> = { PRESENT: "Present", TARDY: "Late", OTHER: "Recorded" };

/** A short tone: rising for a check-in, level for "already", low for "not recognised". */
function beep(kind: Confirmation["kind"]) {
  try {
    const ctx = new AudioContext();
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = kind === "marked" ? 880 : kind === "already" ? 660 : 330;
    gain.gain.value = 0.08;
    osc.connect(gain).connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.18);
    osc.onended = () => ctx.close();
  } catch {
    // No audio device: the screen still shows the result.
  }
}

export function KioskScreen({ name }: { name: string }) {
  const video = useRef<HTMLVideoElement>(null);
  const overlay = useRef<HTMLCanvasElement>(null);
  const [phase, setPhase] = useState<"starting" | "running" | string>("starting");
  const [backend, setBackend] = useState<string | null>(null);
  const [classTitle, setClassTitle] = useState<string | null | undefined>(undefined);
  const [confirmations, setConfirmations] = useState<Confirmation[]>([]);

  // What class is in session (and whether this screen is still paired), every 30 s.
  useEffect(() => {
    let alive = true;
    const poll = async () => {
      const s = await kioskStatusAction().catch(() => null);
      if (!alive || !s) return;
      if (!s.paired) window.location.reload();
      else setClassTitle(s.classTitle);
    };
    poll();
    const timer = setInterval(poll, 30_000);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, []);

  useEffect(() => {
    let stopped = false;
    let stream: MediaStream | null = null;
    const tracker = new FaceTracker();
    const firstSeen = new Map<string, number>();
    let nextId = 0;

    const show = (c: Omit<Confirmation, "id" | "at">) => {
      beep(c.kind);
      const at = performance.now();
      setConfirmations((cs) => [{ ...c, id: ++nextId, at }, ...cs.filter((x) => at - x.at < SHOW_MS)].slice(0, 6));
    };

    const send = async (ready: Track[]) => {
      const result = await checkInAction({ faces: ready.map((t) => ({ trackId: t.id, frames: t.frames.slice(-5) })) }).catch(() => null);
      const at = performance.now();
      if (!result || !result.ok) {
        if (result && result.error === "unpaired") window.location.reload();
        for (const t of ready) tracker.resolve(t.id, "pending", at);
        return;
      }
      if (!result.inSession) {
        setClassTitle(null);
        for (const t of ready) tracker.resolve(t.id, "unknown", at);
        return;
      }
      setClassTitle(result.classTitle);
      for (const f of result.faces) {
        const latencyMs = Math.round(at - (firstSeen.get(f.trackId) ?? at));
        if (f.outcome === "marked" || f.outcome === "already") {
          tracker.resolve(f.trackId, f.outcome, at, f.student.name);
          show({ kind: f.outcome, name: f.student.name, status: STATUS_TEXT[f.student.status], time: f.student.time, latencyMs });
        } else {
          tracker.resolve(f.trackId, f.outcome, at);
          if (f.outcome === "unknown") show({ kind: "unknown", latencyMs });
        }
      }
    };

    const draw = () => {
      const v = video.current;
      const c = overlay.current;
      if (!v || !c) return;
      c.width = v.videoWidth;
      c.height = v.videoHeight;
      const ctx = c.getContext("2d");
      if (!ctx) return;
      ctx.clearRect(0, 0, c.width, c.height);
      ctx.lineWidth = Math.max(3, c.width / 250);
      // Green: checked in; amber: being recognised; grey: not recognised. (Names are on the cards below:
      // the overlay is mirrored with the video, so text on it would read backwards.)
      for (const t of tracker.tracks) {
        ctx.strokeStyle = t.state === "done" ? "#22c55e" : t.state === "unknown" ? "#94a3b8" : "#f59e0b";
        ctx.strokeRect(t.box.x, t.box.y, t.box.width, t.box.height);
      }
    };

    const loop = async (faceapi: Awaited<ReturnType<typeof browserFaceApi>>["faceapi"]) => {
      while (!stopped) {
        const v = video.current;
        if (!v || v.readyState < 2 || v.videoWidth === 0) {
          await new Promise((r) => setTimeout(r, 100));
          continue;
        }
        const img = bitmapToRgb(v, v.videoWidth, v.videoHeight);
        const at = performance.now();
        if (tracker.needsDescriptors() || tracker.tracks.length === 0) {
          const faces = await describeFaces(faceapi, img, KIOSK_OPTIONS);
          const tracks = tracker.update(faces.map((f) => f.box), at);
          faces.forEach((f, i) => {
            const t = tracks[i];
            if (!firstSeen.has(t.id)) firstSeen.set(t.id, at);
            if (t.state === "collecting") t.frames.push(Array.from(f.descriptor));
          });
        } else {
          const boxes = await detectFaces(faceapi, img, KIOSK_OPTIONS);
          for (const t of tracker.update(boxes.map((b) => b.box), at)) if (!firstSeen.has(t.id)) firstSeen.set(t.id, at);
        }
        const ready = tracker.takeReady();
        if (ready.length) void send(ready);
        draw();
        await new Promise((r) => setTimeout(r, 0));
      }
    };

    (async () => {
      try {
        const engine = await browserFaceApi();
        setBackend(engine.backend);
        stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 1280 }, height: { ideal: 720 }, facingMode: "user" }, audio: false });
        if (stopped) return;
        video.current!.srcObject = stream;
        await video.current!.play();
        setPhase("running");
        await loop(engine.faceapi);
      } catch (e) {
        const err = e as Error;
        setPhase(err.name === "NotAllowedError" ? "The camera is blocked: allow camera access for this page." : err.name === "NotFoundError" ? "No camera found." : `The kiosk could not start: ${err.message}`);
      }
    })();
    return () => {
      stopped = true;
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, []);

  const latest = confirmations[0];
  return (
    <main id="main" className="relative flex h-screen flex-col bg-slate-950 text-white">
      <header className="flex items-center justify-between px-6 py-3">
        <div>
          <p className="text-sm text-slate-300">{name}</p>
          <h1 data-testid="kiosk-class" className="text-2xl font-semibold">
            {classTitle === undefined ? "…" : classTitle ?? "No class in session"}
          </h1>
        </div>
        <div className="flex items-center gap-4 text-sm text-slate-300">
          <span data-testid="kiosk-state">{phase === "starting" ? "Starting camera and face models…" : phase === "running" ? `Ready${backend ? ` (${backend})` : ""}` : "Stopped"}</span>
          <button type="button" onClick={() => document.documentElement.requestFullscreen?.()} className="rounded border border-slate-600 px-3 py-1 hover:bg-slate-800">
            Full screen
          </button>
        </div>
      </header>
      <div className="relative flex-1 overflow-hidden">
        <video ref={video} muted playsInline className="absolute inset-0 h-full w-full -scale-x-100 object-contain" />
        <canvas ref={overlay} aria-hidden className="absolute inset-0 h-full w-full -scale-x-100 object-contain" />
        {phase !== "starting" && phase !== "running" && (
          <p role="alert" className="absolute inset-x-0 top-1/3 mx-auto max-w-xl rounded-lg bg-red-900/90 p-6 text-center text-xl">{phase}</p>
        )}
      </div>
      <section aria-live="assertive" aria-label="Check-ins" className="absolute inset-x-0 bottom-0 flex flex-wrap justify-center gap-4 p-6">
        {confirmations.map((c) => (
          <div
            key={c.id}
            data-testid="confirmation"
            data-kind={c.kind}
            data-latency-ms={c.latencyMs}
            className={`rounded-xl px-8 py-5 text-center shadow-xl ${c.kind === "marked" ? "bg-green-700" : c.kind === "already" ? "bg-sky-800" : "bg-slate-700"} ${c === latest ? "text-3xl" : "text-xl opacity-80"}`}
          >
            {c.kind === "unknown" ? (
              <p>Not recognized, please see your teacher</p>
            ) : (
              <>
                <p className="font-semibold">{c.name}</p>
                <p className="mt-1 text-lg">{c.kind === "marked" ? `${c.status} · ${c.time}` : `Already checked in (${c.status?.toLowerCase()}, ${c.time})`}</p>
              </>
            )}
          </div>
        ))}
      </section>
    </main>
  );
}
