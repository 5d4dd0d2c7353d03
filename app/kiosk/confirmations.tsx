"use client";

import type { OutsideSession } from "@/lib/kiosk/protocol";

/** What a banner says; each has its own colour and tone (a student may hear it without looking). */
export type ConfirmationKind =
  "present" | "late" | "already" | "not_in_class" | "unknown" | "not_in_session" | "closed" | "see_teacher" | "saved" | "challenge_failed";

export type Confirmation = {
  id: number;
  kind: ConfirmationKind;
  /** The tracked face it answers: one banner per face, replaced, never stacked. */
  trackId?: string;
  /** The event it answers (a check-in kept offline: its "saved" banner turns into the server's answer). */
  eventId?: string;
  name?: string;
  status?: string;
  time?: string;
  /** The text of a banner without a name (outside a session: when the next class opens). */
  message?: string;
  latencyMs: number;
  at: number;
};

export const CLOSED_MESSAGE = "Attendance for this class is closed — tell your teacher";

/** What the screen says outside a session: closed by the teacher, the next class today, or none. */
export function outsideMessage({ next, closed, noSchool }: OutsideSession): { kind: "not_in_session" | "closed"; message: string } {
  if (closed) return { kind: "closed", message: CLOSED_MESSAGE };
  if (noSchool) return { kind: "not_in_session", message: `No school today (${noSchool})` };
  return {
    kind: "not_in_session",
    message: next
      ? `No class right now — ${next.classTitle} starts ${next.startsAt}, check-in opens ${next.opensAt}`
      : "No more classes here today",
  };
}

/** One audio context for the screen's life: creating one held the main thread for 60–90 ms. */
let audio: AudioContext | undefined;

/**
 * Creates the audio context before the first student arrives (not during a check-in), and
 * resumes it on the first touch: browsers start audio suspended until someone interacts.
 */
export function prepareTones() {
  try {
    audio ??= new AudioContext();
    document.addEventListener("pointerdown", () => audio?.resume(), { once: true });
  } catch {
    // No audio device.
  }
}

/** Each outcome's notes ([Hz, start s]) and sound: calm sines for good news, harsher waves for "see your teacher". */
const TONES: Record<ConfirmationKind, { notes: [number, number][]; wave: OscillatorType }> = {
  // Checked in: a rising two-note chime.
  present: {
    notes: [
      [660, 0],
      [990, 0.12],
    ],
    wave: "sine",
  },
  // Checked in, late: up and back down, so it is not mistaken for on time.
  late: {
    notes: [
      [660, 0],
      [880, 0.12],
      [660, 0.24],
    ],
    wave: "triangle",
  },
  already: { notes: [[740, 0]], wave: "sine" },
  saved: { notes: [[523, 0]], wave: "sine" },
  // No class now: a falling pair, soft.
  not_in_session: {
    notes: [
      [587, 0],
      [440, 0.15],
    ],
    wave: "sine",
  },
  // See your teacher: low buzzes, each its own.
  closed: {
    notes: [
      [440, 0],
      [294, 0.15],
      [220, 0.3],
    ],
    wave: "triangle",
  },
  see_teacher: {
    notes: [
      [440, 0],
      [294, 0.15],
    ],
    wave: "triangle",
  },
  not_in_class: {
    notes: [
      [220, 0],
      [220, 0.22],
    ],
    wave: "square",
  },
  unknown: { notes: [[196, 0]], wave: "square" },
  challenge_failed: {
    notes: [
      [247, 0],
      [196, 0.2],
    ],
    wave: "square",
  },
};

/** The outcome's tone (see TONES): heard without looking at the screen. */
export function tone(kind: ConfirmationKind) {
  const { notes, wave } = TONES[kind];
  try {
    const ctx = (audio ??= new AudioContext());
    for (const [frequency, start] of notes) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = wave;
      osc.frequency.value = frequency;
      gain.gain.value = wave === "square" ? 0.04 : 0.1;
      osc.connect(gain).connect(ctx.destination);
      osc.start(ctx.currentTime + start);
      osc.stop(ctx.currentTime + start + 0.15);
    }
  } catch {
    // No audio device: the screen still shows the result.
  }
}

/** Each outcome's own colours (text contrast at least 4.5:1; checked by axe in the kiosk e2e). */
const STYLE: Record<ConfirmationKind, string> = {
  present: "bg-green-700 text-white",
  late: "bg-amber-400 text-slate-950",
  already: "bg-sky-800 text-white",
  not_in_class: "bg-purple-800 text-white",
  unknown: "bg-slate-700 text-white",
  not_in_session: "bg-indigo-800 text-white",
  closed: "bg-red-800 text-white",
  see_teacher: "bg-red-800 text-white",
  saved: "bg-cyan-900 text-white",
  challenge_failed: "bg-orange-800 text-white",
};

/** The latest results, one per face, large enough to read from two metres; the newest is the largest. */
export function Confirmations({ items }: { items: Confirmation[] }) {
  const latest = items[0];
  return (
    <section aria-live="assertive" aria-label="Check-ins" className="absolute inset-x-0 bottom-0 flex flex-wrap justify-center gap-4 p-6">
      {items.map((c) => (
        <div
          key={c.id}
          data-testid="confirmation"
          data-kind={c.kind}
          data-latency-ms={c.latencyMs}
          className={`rounded-2xl px-10 py-6 text-center shadow-xl ${STYLE[c.kind]} ${c === latest ? "text-5xl" : "text-2xl"}`}
        >
          {c.kind === "saved" ? (
            <p className="font-semibold">Saved — it will be confirmed when the connection returns</p>
          ) : c.kind === "unknown" ? (
            <p className="font-semibold">
              Not recognized — tap <strong>Check in with PIN</strong>
            </p>
          ) : c.kind === "challenge_failed" ? (
            <p className="font-semibold">Not confirmed, please try again or see your teacher.</p>
          ) : c.kind === "not_in_class" ? (
            <p className="font-semibold">You are not on this class&apos;s list. Please see your teacher.</p>
          ) : c.kind === "not_in_session" || c.kind === "closed" || c.kind === "see_teacher" ? (
            <>
              {c.name && <p className="font-bold">{c.name}</p>}
              <p className={c.name ? `mt-2 ${c === latest ? "text-3xl" : "text-xl"}` : "font-semibold"}>{c.message}</p>
            </>
          ) : (
            <>
              <p className="font-bold">{c.name}</p>
              <p className={`mt-2 ${c === latest ? "text-3xl" : "text-xl"}`}>
                {c.kind === "already" ? `Already checked in (${c.status?.toLowerCase()}, ${c.time})` : `${c.status} · ${c.time}`}
              </p>
            </>
          )}
        </div>
      ))}
    </section>
  );
}
