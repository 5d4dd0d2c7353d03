"use client";

// Delivers the outbox (lib/kiosk/outbox.ts): on page load, when the browser says it is online
// again, and on a timer that backs off while the server cannot be reached (5 s doubling to a
// minute). Every event the server answers (marked, already, unknown, refused…) leaves the
// outbox, and its answer goes to `onAnswered` (the screen turns its "saved" banner into it);
// only an unreachable server or a server error keeps it for the next try.
import { useCallback, useEffect, useRef, useState } from "react";
import { outbox, type QueuedCheckIn } from "@/lib/kiosk/outbox";
import { MAX_FACES_PER_CALL, type FaceAnswer } from "@/lib/kiosk/protocol";
import { kioskApi, serverNow } from "@/app/kiosk/kiosk-api";

const FIRST_RETRY_MS = 5_000;
const MAX_RETRY_MS = 60_000;
const IDLE_CHECK_MS = 15_000;

export function useOutbox(onAnswered: (faces: FaceAnswer[]) => void): {
  queued: number;
  save(items: QueuedCheckIn[]): Promise<void>;
  flush(): Promise<void>;
} {
  const [queued, setQueued] = useState(0);
  const flushRef = useRef<() => Promise<void>>(async () => {});
  const answeredRef = useRef(onAnswered);
  useEffect(() => {
    answeredRef.current = onAnswered;
  }, [onAnswered]);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let delay = FIRST_RETRY_MS;
    // One delivery at a time; a caller arriving meanwhile waits for the one in flight.
    let inFlight: Promise<void> | null = null;
    const schedule = (ms: number) => {
      clearTimeout(timer);
      if (!stopped) timer = setTimeout(flush, ms);
    };
    function flush(): Promise<void> {
      inFlight ??= deliver().finally(() => (inFlight = null));
      return inFlight;
    }
    async function deliver() {
      try {
        const items = await outbox.pending(serverNow());
        setQueued(items.length);
        if (items.length === 0) return schedule(IDLE_CHECK_MS);
        for (let i = 0; i < items.length; i += MAX_FACES_PER_CALL) {
          const batch = items.slice(i, i + MAX_FACES_PER_CALL);
          const r = await kioskApi.checkIns(batch.map(({ expiresAt: _expiresAt, ...face }) => face));
          if (!r.reached) {
            delay = Math.min(delay * 2, MAX_RETRY_MS);
            return schedule(delay);
          }
          if (r.status === 429) break; // too fast: the rest on the next round
          if (r.status === 401) return window.location.reload(); // unpaired: the pairing page
          // Answered, whatever the answer: these events are settled (the server keeps the outcome).
          await outbox.remove(batch.map((b) => b.eventId));
          if (r.body.ok) answeredRef.current(r.body.faces);
        }
        delay = FIRST_RETRY_MS;
        setQueued(await outbox.count());
        schedule(FIRST_RETRY_MS);
      } catch {
        schedule(delay); // IndexedDB unavailable for a moment: try again
      }
    }
    const online = () => {
      delay = FIRST_RETRY_MS;
      flush();
    };
    flushRef.current = async () => {
      delay = FIRST_RETRY_MS;
      await flush();
    };
    flush();
    window.addEventListener("online", online);
    return () => {
      stopped = true;
      clearTimeout(timer);
      window.removeEventListener("online", online);
    };
  }, []);

  const save = useCallback(async (items: QueuedCheckIn[]) => {
    await outbox.add(items);
    setQueued(await outbox.count());
  }, []);
  /** Delivers what is waiting now (before a live check-in: the earlier sighting is the one that counts). */
  const flush = useCallback(() => flushRef.current(), []);
  return { queued, save, flush };
}
