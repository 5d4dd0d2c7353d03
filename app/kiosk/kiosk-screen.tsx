"use client";

import { useEffect, useRef, useState } from "react";
import { checkInAction, kioskStatusAction, pinCheckInAction } from "@/app/kiosk/actions";
import { bitmapToRgb, browserFaceApi } from "@/lib/face/browser";
import { describeFaces, detectFaces, KIOSK_OPTIONS } from "@/lib/face/pipeline";
import { FaceTracker, type Track } from "@/lib/kiosk/tracker";

type Confirmation = {
  id: number;
  kind: "marked" | "already" | "unknown" | "not_in_class";
  name?: string;
  status?: string;
  time?: string;
  latencyMs: number;
  at: number;
  frameAt?: number;
};

/**
 * Timings as standard Performance API measures, which `npm run bench -- kiosk` reads:
 * MODEL_MEASURE per described frame (detect + landmarks + descriptor), CONFIRM_MEASURE from
 * the start of the frame that completed a face to its confirmation on screen. Capped, so a
 * screen that runs all day does not keep them all.
 */
const MODEL_MEASURE = "rollcall:model";
const CONFIRM_MEASURE = "rollcall:frame-to-confirmation";
const CALL_MEASURE = "rollcall:check-in-call";
function measure(name: string, start: number) {
  if (performance.getEntriesByName(name, "measure").length >= 1000) performance.clearMeasures(name);
  performance.measure(name, { start, end: performance.now() });
}

const SHOW_MS = 6000;
const STATUS_TEXT: Record<string, string> = { PRESENT: "Present", TARDY: "Late", OTHER: "Recorded" };

/** A short tone: rising for a check-in, level for "already", low for "not recognised". */
export const INSECURE_MESSAGE =
  "This screen must open Rollcall over https:// — browsers allow the camera only on secure pages. See “Deploying on a school network” in the README, or ask your school's IT.";

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
  const [pinOpen, setPinOpen] = useState(false);
  const [pinError, setPinError] = useState<string | null>(null);
  /** Face check-in paused by the probing alarm until an admin resumes it. */
  const [recognitionPaused, setRecognitionPaused] = useState(false);
  const lastId = useRef(0);
  const measured = useRef(0);
  // Inference runs on the main thread: pause it while a student types a PIN, so typing stays responsive.
  const paused = useRef(false);
  useEffect(() => {
    paused.current = pinOpen;
  }, [pinOpen]);

  // Effects run after the browser painted the new confirmation: that is "on screen".
  useEffect(() => {
    const newest = confirmations[0];
    if (newest && newest.id > measured.current) {
      measured.current = newest.id;
      if (newest.frameAt !== undefined) measure(CONFIRM_MEASURE, newest.frameAt);
    }
  }, [confirmations]);

  const show = (c: Omit<Confirmation, "id" | "at">) => {
    beep(c.kind);
    const at = performance.now();
    setConfirmations((cs) => [{ ...c, id: ++lastId.current, at }, ...cs.filter((x) => at - x.at < SHOW_MS)].slice(0, 6));
  };

  async function submitPin(form: FormData) {
    setPinError(null);
    const result = await pinCheckInAction({ identifier: form.get("identifier"), pin: form.get("pin") }).catch(() => null);
    if (!result) return setPinError("The server could not be reached. Try again.");
    if (!result.ok) return setPinError(result.message);
    setPinOpen(false);
    show({
      kind: result.outcome,
      name: result.student.name,
      status: STATUS_TEXT[result.student.status],
      time: result.student.time,
      latencyMs: 0,
    });
  }

  // What class is in session (and whether this screen is still paired), every 30 s.
  useEffect(() => {
    let alive = true;
    const poll = async () => {
      const s = await kioskStatusAction().catch(() => null);
      if (!alive || !s) return;
      if (!s.paired) window.location.reload();
      else {
        setClassTitle(s.classTitle);
        setRecognitionPaused(s.paused);
      }
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

    const send = async (ready: Track[], frameAt: number) => {
      const callAt = performance.now();
      const result = await checkInAction({ faces: ready.map((t) => ({ trackId: t.id, frames: t.frames.slice(-5) })) }).catch(() => null);
      measure(CALL_MEASURE, callAt);
      const at = performance.now();
      if (!result || !result.ok) {
        if (result && result.error === "unpaired") window.location.reload();
        // Paused: these faces are not tried again for a while (the status poll lifts the banner).
        const paused = result?.error === "paused";
        if (paused) setRecognitionPaused(true);
        for (const t of ready) tracker.resolve(t.id, paused ? "unknown" : "pending", at);
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
          show({ kind: f.outcome, name: f.student.name, status: STATUS_TEXT[f.student.status], time: f.student.time, latencyMs, frameAt });
        } else {
          tracker.resolve(f.trackId, f.outcome, at);
          if (f.outcome === "unknown" || f.outcome === "not_in_class") show({ kind: f.outcome, latencyMs, frameAt });
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
        if (paused.current || !v || v.readyState < 2 || v.videoWidth === 0) {
          await new Promise((r) => setTimeout(r, 150));
          continue;
        }
        const frameAt = performance.now();
        const img = bitmapToRgb(v, v.videoWidth, v.videoHeight);
        const at = performance.now();
        if (tracker.needsDescriptors() || tracker.tracks.length === 0) {
          const faces = await describeFaces(faceapi, img, KIOSK_OPTIONS);
          if (faces.length) measure(MODEL_MEASURE, at);
          const tracks = tracker.update(
            faces.map((f) => f.box),
            at,
          );
          faces.forEach((f, i) => {
            const t = tracks[i];
            if (!firstSeen.has(t.id)) firstSeen.set(t.id, at);
            if (t.state === "collecting") t.frames.push(Array.from(f.descriptor));
          });
        } else {
          const boxes = await detectFaces(faceapi, img, KIOSK_OPTIONS);
          for (const t of tracker.update(
            boxes.map((b) => b.box),
            at,
          ))
            if (!firstSeen.has(t.id)) firstSeen.set(t.id, at);
        }
        const ready = tracker.takeReady();
        // Wait for the answer before the next frame: inference holds the main thread for the
        // whole frame, so an answer arriving meanwhile would wait that long to be shown
        // (measured: +800 ms). The call itself takes tens of milliseconds; a slow server
        // holds the camera loop for at most a second.
        if (ready.length) await Promise.race([send(ready, frameAt), new Promise((r) => setTimeout(r, 1000))]);
        draw();
        // A breath between frames for input and rendering; more when nobody is in front of the camera.
        await new Promise((r) => setTimeout(r, tracker.tracks.length ? 30 : 150));
      }
    };

    (async () => {
      // Browsers give a page the camera only over https:// (or on the server machine itself, as
      // localhost): say so plainly instead of failing on a missing navigator.mediaDevices.
      if (!window.isSecureContext || !navigator.mediaDevices?.getUserMedia) {
        setPhase(INSECURE_MESSAGE);
        return;
      }
      try {
        const engine = await browserFaceApi();
        setBackend(engine.backend);
        stream = await navigator.mediaDevices.getUserMedia({
          video: { width: { ideal: 1280 }, height: { ideal: 720 }, facingMode: "user" },
          audio: false,
        });
        if (stopped) return;
        video.current!.srcObject = stream;
        await video.current!.play();
        setPhase("running");
        await loop(engine.faceapi);
      } catch (e) {
        const err = e as Error;
        setPhase(
          err.name === "NotAllowedError"
            ? "The camera is blocked: allow camera access for this page."
            : err.name === "NotFoundError"
              ? "No camera found."
              : `The kiosk could not start: ${err.message}`,
        );
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
            {classTitle === undefined ? "…" : (classTitle ?? "No class in session")}
          </h1>
        </div>
        <div className="flex items-center gap-4 text-sm text-slate-300">
          <span data-testid="kiosk-state">
            {phase === "starting"
              ? "Starting camera and face models…"
              : phase === "running"
                ? `Ready${backend ? ` (${backend})` : ""}`
                : "Stopped"}
          </span>
          <button
            type="button"
            onClick={() => {
              setPinError(null);
              setPinOpen(true);
            }}
            className="rounded bg-white px-4 py-2 text-base font-medium text-slate-900 hover:bg-slate-200"
          >
            Check in with PIN
          </button>
          <button
            type="button"
            onClick={() => document.documentElement.requestFullscreen?.()}
            className="rounded border border-slate-600 px-3 py-1 hover:bg-slate-800"
          >
            Full screen
          </button>
        </div>
      </header>
      <div className="relative flex-1 overflow-hidden">
        <video ref={video} muted playsInline className="absolute inset-0 h-full w-full -scale-x-100 object-contain" />
        <canvas ref={overlay} aria-hidden className="absolute inset-0 h-full w-full -scale-x-100 object-contain" />
        {recognitionPaused && (
          <p
            role="status"
            data-testid="kiosk-paused"
            className="absolute inset-x-0 top-6 mx-auto max-w-xl rounded-lg bg-amber-800/95 p-5 text-center text-xl"
          >
            Face check-in is paused on this screen. Use <strong>Check in with PIN</strong> or see your teacher.
          </p>
        )}
        {phase !== "starting" && phase !== "running" && (
          <p role="alert" className="absolute inset-x-0 top-1/3 mx-auto max-w-xl rounded-lg bg-red-900/90 p-6 text-center text-xl">
            {phase}
          </p>
        )}
      </div>
      {pinOpen && (
        <div
          role="dialog"
          aria-modal="true"
          aria-labelledby="pin-title"
          className="absolute inset-0 z-10 flex items-center justify-center bg-slate-950/80 p-6"
        >
          <form action={submitPin} className="w-full max-w-sm space-y-4 rounded-xl bg-white p-6 text-slate-900">
            <h2 id="pin-title" className="text-2xl font-semibold">
              Check in with your PIN
            </h2>
            <div>
              <label htmlFor="pin-identifier" className="block font-medium">
                Student number
              </label>
              <input
                id="pin-identifier"
                name="identifier"
                required
                autoComplete="off"
                autoFocus
                className="mt-1 block w-full rounded-md border border-slate-400 px-3 py-3 text-2xl"
              />
            </div>
            <div>
              <label htmlFor="pin-pin" className="block font-medium">
                PIN
              </label>
              <input
                id="pin-pin"
                name="pin"
                type="password"
                inputMode="numeric"
                required
                autoComplete="off"
                className="mt-1 block w-full rounded-md border border-slate-400 px-3 py-3 text-2xl tracking-widest"
              />
            </div>
            {pinError && (
              <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-red-800">
                {pinError}
              </p>
            )}
            <div className="flex gap-3">
              <button type="submit" className="flex-1 rounded-md bg-brand-700 px-4 py-3 text-lg font-medium text-white hover:bg-brand-600">
                Check in
              </button>
              <button type="button" onClick={() => setPinOpen(false)} className="rounded-md border border-slate-300 px-4 py-3 text-lg">
                Cancel
              </button>
            </div>
          </form>
        </div>
      )}
      <section aria-live="assertive" aria-label="Check-ins" className="absolute inset-x-0 bottom-0 flex flex-wrap justify-center gap-4 p-6">
        {confirmations.map((c) => (
          <div
            key={c.id}
            data-testid="confirmation"
            data-kind={c.kind}
            data-latency-ms={c.latencyMs}
            className={`rounded-xl px-8 py-5 text-center shadow-xl ${c.kind === "marked" ? "bg-green-700" : c.kind === "already" ? "bg-sky-800" : c.kind === "not_in_class" ? "bg-amber-800" : "bg-slate-700"} ${c === latest ? "text-3xl" : "text-xl opacity-80"}`}
          >
            {c.kind === "unknown" ? (
              <p>Not recognized, please see your teacher</p>
            ) : c.kind === "not_in_class" ? (
              <p>You are not on this class&apos;s list. Please see your teacher.</p>
            ) : (
              <>
                <p className="font-semibold">{c.name}</p>
                <p className="mt-1 text-lg">
                  {c.kind === "marked" ? `${c.status} · ${c.time}` : `Already checked in (${c.status?.toLowerCase()}, ${c.time})`}
                </p>
              </>
            )}
          </div>
        ))}
      </section>
    </main>
  );
}
