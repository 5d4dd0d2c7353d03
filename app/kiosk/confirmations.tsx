"use client";

export type Confirmation = {
  id: number;
  kind: "marked" | "already" | "unknown" | "not_in_class" | "saved" | "challenge_failed";
  name?: string;
  status?: string;
  time?: string;
  latencyMs: number;
  at: number;
};

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

/**
 * Tones a student hears without looking: a rising two-note chime for "checked in", one
 * middle note for "already", a low double buzz for "see your teacher".
 */
export function tone(kind: Confirmation["kind"]) {
  const notes: [number, number][] =
    kind === "marked"
      ? [
          [660, 0],
          [990, 0.12],
        ]
      : kind === "already" || kind === "saved"
        ? [[740, 0]]
        : [
            [220, 0],
            [220, 0.22],
          ];
  try {
    const ctx = (audio ??= new AudioContext());
    for (const [frequency, start] of notes) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      const calm = kind === "marked" || kind === "already" || kind === "saved";
      osc.type = calm ? "sine" : "square";
      osc.frequency.value = frequency;
      gain.gain.value = calm ? 0.1 : 0.04;
      osc.connect(gain).connect(ctx.destination);
      osc.start(ctx.currentTime + start);
      osc.stop(ctx.currentTime + start + 0.15);
    }
  } catch {
    // No audio device: the screen still shows the result.
  }
}

const BACKGROUND: Record<Confirmation["kind"], string> = {
  marked: "bg-green-700",
  already: "bg-sky-800",
  not_in_class: "bg-amber-800",
  unknown: "bg-slate-700",
  saved: "bg-indigo-800",
  challenge_failed: "bg-amber-800",
};

/** The latest results, large enough to read from two metres; the newest is the largest. */
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
          className={`rounded-2xl px-10 py-6 text-center shadow-xl ${BACKGROUND[c.kind]} ${c === latest ? "text-5xl" : "text-2xl opacity-80"}`}
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
          ) : (
            <>
              <p className="font-bold">{c.name}</p>
              <p className={`mt-2 ${c === latest ? "text-3xl" : "text-xl"}`}>
                {c.kind === "marked" ? `${c.status} · ${c.time}` : `Already checked in (${c.status?.toLowerCase()}, ${c.time})`}
              </p>
            </>
          )}
        </div>
      ))}
    </section>
  );
}
