"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { CameraView } from "@/app/kiosk/camera-view";
import { kioskApi, serverIso, serverNow } from "@/app/kiosk/kiosk-api";
import { CLOSED_MESSAGE, Confirmations, outsideMessage, prepareTones, tone, type Confirmation } from "@/app/kiosk/confirmations";
import { KioskClock } from "@/app/kiosk/kiosk-clock";
import { PinDialog } from "@/app/kiosk/pin-dialog";
import { MEASURES, measure, useKioskEngine, type Resolution } from "@/app/kiosk/use-kiosk-engine";
import { useOutbox } from "@/app/kiosk/use-outbox";
import { prepareOfflineStart } from "@/app/kiosk/offline-start";
import { bannerExpired, withBanner } from "@/lib/kiosk/banners";
import { MAX_FRAMES_PER_FACE, type CheckInFace, type FaceAnswer, type OutsideSession, type TimetableEntry } from "@/lib/kiosk/protocol";

type Shown = Omit<Confirmation, "id" | "at">;

/** The banner for a server's answer about a face, or null where the screen says nothing (undecided, a challenge). */
function bannerOf(f: FaceAnswer, outside: OutsideSession | null): Shown | null {
  const tag = { trackId: f.trackId, eventId: f.eventId, latencyMs: 0 };
  switch (f.outcome) {
    case "marked":
    case "already":
      return {
        ...tag,
        kind: f.outcome === "already" ? "already" : f.student.status === "TARDY" ? "late" : "present",
        name: f.student.name,
        status: STATUS_TEXT[f.student.status],
        time: f.student.time,
      };
    case "see_teacher":
      return {
        ...tag,
        kind: f.closed ? "closed" : "see_teacher",
        name: f.student.name,
        message: f.closed ? CLOSED_MESSAGE : "Your teacher has recorded your attendance — tell your teacher",
      };
    case "unknown":
    case "not_in_class":
    case "challenge_failed":
      return { ...tag, kind: f.outcome };
    case "not_in_session":
      return { ...tag, ...outsideMessage(outside ?? { next: null }) };
    default:
      return null;
  }
}
const STATUS_TEXT: Record<string, string> = { PRESENT: "Present", TARDY: "Late", OTHER: "Recorded" };
const MODE_TEXT = { worker: "in the background (Web Worker)", page: "on the page (this browser cannot run it in the background)" };

export function KioskScreen({ name }: { name: string }) {
  const [classTitle, setClassTitle] = useState<string | null | undefined>(undefined);
  /** Today's meetings here, and with no class in session why not (the next one, or closed). */
  const [timetable, setTimetable] = useState<TimetableEntry[]>([]);
  const [outside, setOutside] = useState<OutsideSession | null>(null);
  const [clock, setClock] = useState<{ timeZone: string | null; hour12: boolean; offsetMs: number }>({
    timeZone: null,
    hour12: false,
    offsetMs: 0,
  });
  const [confirmations, setConfirmations] = useState<
    (Confirmation & { confirmStart?: number; firstFrameAt?: number; confirmMeasure?: string })[]
  >([]);
  /** When each tracked face was given its head-turn challenge (this page's clock). */
  const challengedAt = useRef(new Map<string, number>());
  const [pinOpen, setPinOpen] = useState(false);
  /** Face check-in paused by the probing alarm until an admin resumes it. */
  const [recognitionPaused, setRecognitionPaused] = useState(false);
  /** Whether the last status call reached the server. */
  const [online, setOnline] = useState(true);
  const lastId = useRef(0);
  const measured = useRef(0);

  // Effects run after the browser painted the new confirmation: that is "on screen".
  useEffect(() => {
    const newest = confirmations[0];
    if (newest && newest.id > measured.current) {
      measured.current = newest.id;
      if (newest.confirmStart !== undefined) measure(newest.confirmMeasure ?? MEASURES.confirm, newest.confirmStart);
      if (newest.firstFrameAt !== undefined) measure(MEASURES.firstFrame, newest.firstFrameAt);
    }
  }, [confirmations]);

  /** The kind of answer each tracked face was last shown: a face tried again and not recognised again is not told twice. */
  const shownKinds = useRef(new Map<string, string>());
  /** Shows a banner: one per tracked face and one recorded answer per student (lib/kiosk/banners.ts). */
  const show = useCallback((c: Shown & { confirmStart?: number; firstFrameAt?: number; confirmMeasure?: string }) => {
    if (c.trackId !== undefined) {
      if (shownKinds.current.get(c.trackId) === c.kind) return;
      shownKinds.current.set(c.trackId, c.kind);
      if (shownKinds.current.size > 200) shownKinds.current.delete(shownKinds.current.keys().next().value!);
    }
    tone(c.kind);
    const at = performance.now();
    setConfirmations((cs) => withBanner(cs, { ...c, id: ++lastId.current, at }));
  }, []);
  // Banners leave on their own: none is left up after its time.
  useEffect(() => {
    if (confirmations.length === 0) return;
    const timer = setInterval(() => {
      const at = performance.now();
      setConfirmations((cs) => (cs.some((c) => bannerExpired(c, at)) ? cs.filter((c) => !bannerExpired(c, at)) : cs));
    }, 500);
    return () => clearInterval(timer);
  }, [confirmations.length]);

  const outsideRef = useRef<OutsideSession | null>(null);
  const shown = useRef(confirmations);
  useEffect(() => {
    shown.current = confirmations;
  }, [confirmations]);
  /** Check-ins kept offline, answered now: each "saved" banner still up becomes the server's answer (same face), or goes. */
  const delivered = useCallback(
    (faces: FaceAnswer[]) => {
      setOnline(true);
      for (const f of faces) {
        const saved = shown.current.find((c) => c.kind === "saved" && c.eventId !== undefined && c.eventId === f.eventId);
        if (!saved) continue;
        const banner = bannerOf(f, outsideRef.current);
        if (banner) show({ ...banner, trackId: saved.trackId });
        else setConfirmations((cs) => cs.filter((c) => c.id !== saved.id));
      }
    },
    [show],
  );

  const { queued, save, flush } = useOutbox(delivered);
  const queuedRef = useRef(0);
  useEffect(() => {
    queuedRef.current = queued;
  }, [queued]);
  /** From the status call: when the session in progress ends, and the school's offline grace. */
  const session = useRef<{ endsAt: number | null; graceMs: number }>({ endsAt: null, graceMs: 120 * 60_000 });

  const send = useCallback(
    async (faces: CheckInFace[], firstSeen: Map<string, number>, frameAt: number): Promise<Resolution[]> => {
      // Each face is one event: an id the server answers once, and when it was seen (server clock).
      // An answer to a head-turn challenge is live only: never dated, never kept offline.
      const capturedAt = serverIso(frameAt);
      const events = faces.map((f) => ({ ...f, eventId: crypto.randomUUID(), capturedAt }));
      const sent = events.map(({ capturedAt: at, ...e }) => (e.challengeId ? e : { ...e, capturedAt: at }));
      // Check-ins kept offline go first: a student seen at 08:02 and again at 08:14 is Present.
      if (queuedRef.current > 0) await flush();
      for (const f of faces) {
        const asked = f.challengeId && challengedAt.current.get(f.trackId);
        if (asked) measure(MEASURES.challengeToTurn, asked, frameAt - asked);
      }
      const callAt = performance.now();
      const r = await kioskApi.checkIns(sent);
      measure(MEASURES.call, callAt);
      setOnline(r.reached);
      const at = performance.now();
      const all = (outcome: Resolution["outcome"]) => faces.map((f) => ({ trackId: f.trackId, outcome }));
      if (!r.reached) {
        // The server cannot be reached. It cannot ask for more frames later, so a face is kept
        // only once it has all it may send (the tracker collects more meanwhile); then its
        // descriptors (not images) wait in the outbox until the server answers, at most until
        // the session's end plus the grace. Nothing was matched: no name to show.
        const complete = events.filter((e) => !e.challengeId && e.frames.length >= MAX_FRAMES_PER_FACE);
        if (complete.length) {
          const expiresAt = (session.current.endsAt ?? serverNow()) + session.current.graceMs;
          await save(complete.map((e) => ({ ...e, expiresAt })));
          for (const e of complete) show({ kind: "saved", trackId: e.trackId, eventId: e.eventId, latencyMs: 0 });
        }
        return faces.map((f) => ({
          trackId: f.trackId,
          outcome: f.challengeId ? "unknown" : f.frames.length >= MAX_FRAMES_PER_FACE ? "saved" : "pending",
        }));
      }
      const result = r.body;
      if (!result.ok) {
        if (result.error === "unpaired") window.location.reload();
        // Paused: these faces are not tried again for a while (the status poll lifts the banner).
        if (result.error === "paused") {
          setRecognitionPaused(true);
          return all("unknown");
        }
        return all("pending");
      }
      setClassTitle(result.inSession ? result.classTitle : null);
      const outsideNow = result.inSession ? null : { next: result.next ?? null, closed: result.closed, noSchool: result.noSchool };
      if (!result.inSession) setOutside((outsideRef.current = outsideNow));
      // Every face sent gets its answer; outside a session the server may answer none of them (nothing to decide).
      const answers = faces.map(
        (f): FaceAnswer =>
          result.faces.find((x) => x.trackId === f.trackId) ?? {
            trackId: f.trackId,
            outcome: result.inSession ? "pending" : "not_in_session",
          },
      );
      for (const f of answers) {
        const banner = bannerOf(f, outsideNow);
        if (!banner) continue;
        const firstFrameAt = firstSeen.get(f.trackId);
        show({
          ...banner,
          latencyMs: Math.round(at - (firstFrameAt ?? at)),
          confirmStart: frameAt,
          firstFrameAt,
          ...(faces.find((x) => x.trackId === f.trackId)?.challengeId && f.outcome === "marked"
            ? { confirmMeasure: MEASURES.turnToConfirmation }
            : {}),
        });
      }
      // A challenge's deadline on this page's clock, a little inside the server's window.
      for (const f of result.faces) if (f.outcome === "challenge") challengedAt.current.set(f.trackId, at);
      if (challengedAt.current.size > 200) challengedAt.current.clear();
      return answers.map((f) =>
        f.outcome === "challenge"
          ? { trackId: f.trackId, outcome: f.outcome, challenge: { id: f.challengeId, side: f.side, deadline: at + f.expiresInMs - 1000 } }
          : { trackId: f.trackId, outcome: f.outcome },
      );
    },
    [show, save, flush],
  );

  const engine = useKioskEngine(send);
  const { reopen } = engine;
  /** Whether this screen can start again without the server (service worker and cache ready). */
  const [offlineReady, setOfflineReady] = useState(false);
  useEffect(() => {
    if (engine.phase !== "running") return;
    prepareTones();
    prepareOfflineStart(engine.resources).then(setOfflineReady, () => setOfflineReady(false));
  }, [engine.phase, engine.resources]);
  const report = useRef<{ engine?: string; backend?: string; queue?: number }>({});
  useEffect(() => {
    report.current = { engine: engine.mode ?? undefined, backend: engine.backend ?? undefined, queue: queued };
  }, [engine.mode, engine.backend, queued]);

  // What class is in session (and whether this screen is still paired), every 30 s; sooner
  // once the engine has started, so the admin's kiosk list learns how this screen runs.
  useEffect(() => {
    let alive = true;
    const poll = async () => {
      const r = await kioskApi.status(report.current);
      if (!alive) return;
      setOnline(r.reached);
      if (!r.reached) return;
      if (r.status === 401) return window.location.reload(); // unpaired or revoked: the pairing page
      if (r.status !== 200) return; // too many calls for a moment: the next poll
      const s = r.body;
      if (!s.paired) window.location.reload();
      else {
        setClassTitle(s.classTitle);
        setTimetable(s.timetable ?? []);
        const o = s.classTitle ? null : { next: s.next ?? null, closed: s.closed, noSchool: s.noSchool ?? undefined };
        setOutside((outsideRef.current = o));
        // A class is in session now: faces told "no class right now" are asked about afresh.
        if (s.classTitle) reopen("not_in_session");
        setRecognitionPaused(s.paused);
        setClock({ timeZone: s.timeZone, hour12: s.hour12 === true, offsetMs: serverNow() - Date.now() });
        session.current = { endsAt: s.sessionEndsAt ? Date.parse(s.sessionEndsAt) : null, graceMs: s.offlineGraceMinutes * 60_000 };
      }
    };
    poll();
    const timer = setInterval(poll, 30_000);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [engine.mode, reopen]);

  async function submitPin(identifier: string, pin: string): Promise<string | null> {
    // A PIN is checked now or not at all (wrong PINs lock PIN entry): it is never kept offline.
    const r = await kioskApi.pinCheckIn(identifier, pin);
    if (!r.reached) return "The server cannot be reached right now. Try again in a moment, or see your teacher.";
    const result = r.body;
    if (!result.ok) return result.message;
    setPinOpen(false);
    const banner = bannerOf({ trackId: "pin", ...result }, null);
    if (banner) show({ ...banner, trackId: undefined });
    return null;
  }

  // Someone being recognised now (not someone already answered, nor a face in the background).
  const faceInView = engine.tracks.some((t) => t.state === "collecting" || t.state === "waiting");
  const idle = engine.phase !== "stopped" && engine.tracks.every((t) => t.state === "distant");
  const turnTo = engine.tracks.find((t) => t.turnTo)?.turnTo;
  return (
    <main id="main" className="relative flex h-screen flex-col bg-slate-950 text-white">
      <header className="flex flex-wrap items-center justify-between gap-4 px-6 py-3">
        <div>
          <p className="text-base text-slate-300">{name}</p>
          <h1 data-testid="kiosk-class" className="text-3xl font-semibold">
            {classTitle === undefined ? "…" : (classTitle ?? "No class in session")}
          </h1>
        </div>
        <KioskClock timeZone={clock.timeZone} hour12={clock.hour12} offsetMs={clock.offsetMs} />
        <div className="flex items-center gap-3">
          <button
            type="button"
            onClick={() => setPinOpen(true)}
            className="rounded-lg bg-white px-6 py-3 text-xl font-semibold text-slate-900 hover:bg-slate-200 focus-visible:outline focus-visible:outline-4 focus-visible:outline-sky-400"
          >
            Check in with PIN
          </button>
          <button
            type="button"
            onClick={() => document.documentElement.requestFullscreen?.()}
            className="rounded-lg border border-slate-500 px-4 py-3 text-base hover:bg-slate-800"
          >
            Full screen
          </button>
        </div>
      </header>
      <div className="relative flex-1 overflow-hidden">
        <CameraView video={engine.video} tracks={engine.tracks} />
        {turnTo ? (
          // Above the face, not over it: the student watches themselves turn.
          <p
            role="status"
            data-testid="kiosk-turn"
            data-side={turnTo}
            className="absolute inset-x-0 top-14 mx-auto w-fit max-w-[95%] rounded-2xl sm:top-4 bg-sky-800/95 px-6 py-4 text-center text-3xl font-semibold sm:px-10 sm:py-5 sm:text-5xl"
          >
            {/* The screen is a mirror: the student's left is the screen's left. */}
            {turnTo === "left" ? "← Turn your head to the left" : "Turn your head to the right →"}
          </p>
        ) : (
          <p
            data-testid="kiosk-state"
            className="absolute inset-x-0 top-14 mx-auto w-fit rounded-full sm:top-4 bg-slate-900/80 px-6 py-2 text-center text-2xl font-medium"
          >
            {engine.phase === "starting"
              ? "Starting the camera…"
              : engine.phase === "running"
                ? faceInView
                  ? "Hold still…"
                  : "Look at the camera"
                : "Stopped"}
          </p>
        )}
        {idle && (timetable.length > 0 || outside) && (
          // Nobody at the screen: the room's day, and why no check-in is taken now.
          <section
            data-testid="kiosk-idle"
            aria-label="Today in this room"
            className="absolute inset-x-0 top-32 mx-auto w-fit max-w-[95%] rounded-2xl bg-slate-900/90 px-6 py-4 text-xl sm:px-10"
          >
            {outside && (
              <p data-testid="kiosk-outside" className="mb-3 text-2xl font-semibold">
                {outsideMessage(outside).message}
              </p>
            )}
            <h2 className="text-lg text-slate-300">Today in this room</h2>
            {timetable.length === 0 ? (
              <p className="mt-1">No classes here today.</p>
            ) : (
              <ul data-testid="kiosk-timetable" className="mt-1 space-y-1">
                {timetable.map((m) => (
                  <li key={`${m.startsAt} ${m.classTitle}`} className="flex justify-between gap-6">
                    <span>{m.classTitle}</span>
                    <span className="tabular-nums">
                      {m.startsAt}–{m.endsAt}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        )}
        {recognitionPaused && (
          <p
            role="status"
            data-testid="kiosk-paused"
            className="absolute inset-x-0 top-20 mx-auto max-w-xl rounded-lg bg-amber-800/95 p-5 text-center text-xl"
          >
            Face check-in is paused on this screen. Use <strong>Check in with PIN</strong> or see your teacher.
          </p>
        )}
        {(queued > 0 || !online) && (
          <p
            role="status"
            data-testid="kiosk-offline"
            className="absolute inset-x-0 top-20 mx-auto w-fit max-w-xl rounded-lg bg-slate-800/95 px-5 py-3 text-center text-lg"
          >
            {online ? "Back online: sending saved check-ins…" : "No connection to the server: check-ins are saved on this screen."}
            {queued > 0 && ` ${queued} waiting.`}
          </p>
        )}
        {engine.problem && (
          <p role="alert" className="absolute inset-x-0 top-1/3 mx-auto max-w-xl rounded-lg bg-red-900/90 p-6 text-center text-xl">
            {engine.problem}
          </p>
        )}
        <details className="absolute right-3 top-3 max-w-xs rounded bg-slate-900/80 px-3 py-1 text-sm text-slate-300">
          <summary className="cursor-pointer">Screen details</summary>
          <p data-testid="kiosk-engine" data-mode={engine.mode ?? ""} data-backend={engine.backend ?? ""} className="mt-1">
            {engine.mode ? `Recognition runs ${MODE_TEXT[engine.mode]}, on ${engine.backend}.` : "Recognition is starting."}
          </p>
          <p data-testid="kiosk-offline-ready" data-ready={String(offlineReady)} className="mt-1">
            {offlineReady ? "Starts without the server too (cached on this screen)." : "Not yet ready to start without the server."}
          </p>
        </details>
      </div>
      {pinOpen && <PinDialog onSubmit={submitPin} onClose={() => setPinOpen(false)} />}
      <Confirmations items={confirmations} />
    </main>
  );
}
