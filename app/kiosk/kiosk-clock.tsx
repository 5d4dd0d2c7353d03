"use client";

import { useEffect, useState } from "react";
import { localTime } from "@/lib/dates";

/**
 * The school's time (its time zone, the server's clock corrected for this screen's drift),
 * large, so a student sees at a glance whether they are on time.
 */
export function KioskClock({ timeZone, hour12, offsetMs }: { timeZone: string | null; hour12: boolean; offsetMs: number }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const tick = () => setNow(Date.now() + offsetMs);
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [offsetMs]);
  if (now === null || !timeZone) return <p className="text-4xl font-semibold tabular-nums">&nbsp;</p>;
  return (
    <p data-testid="kiosk-clock" className="text-4xl font-semibold tabular-nums">
      {localTime(new Date(now), { timeZone, hour12 })}
    </p>
  );
}
