"use client";
// The school's time zone, with a warning when it is not the zone of the browser being used: an
// admin in the school who sees it has almost certainly found a server set up in UTC.
import { useRef, useState, useSyncExternalStore } from "react";
import { inputClass } from "@/app/ui/table";
import { currentZoneName } from "@/lib/dates";

/** A legacy name (a saved school's, kept so that nothing changes by itself) says what it is called now. */
const zoneLabel = (z: string) =>
  currentZoneName(z) === z ? z.replaceAll("_", " ") : `${z.replaceAll("_", " ")} (now ${currentZoneName(z).replaceAll("_", " ")})`;

export function TimeZoneField({ zones, current }: { zones: string[]; current: string }) {
  const [chosen, setChosen] = useState(current);
  // Uncontrolled (defaultValue), so that the form's reset after a save shows the saved zone.
  const select = useRef<HTMLSelectElement>(null);
  // The server cannot know the browser's zone: null there, read in the browser after hydration.
  const browser = useSyncExternalStore(
    () => () => {},
    // Chromium may name the zone by its legacy name (Asia/Calcutta): the list has current names.
    () => currentZoneName(Intl.DateTimeFormat().resolvedOptions().timeZone),
    () => null,
  );
  return (
    <>
      <select
        id="timeZone"
        name="timeZone"
        ref={select}
        defaultValue={current}
        onChange={(e) => setChosen(e.target.value)}
        aria-describedby="timeZone-hint"
        className={inputClass}
      >
        {zones.map((z) => (
          <option key={z} value={z}>
            {zoneLabel(z)}
          </option>
        ))}
      </select>
      {browser && browser !== currentZoneName(chosen) && (
        <p role="note" data-testid="zone-warning" className="mt-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          This computer is set to {browser.replaceAll("_", " ")}, not {chosen.replaceAll("_", " ")}. If the school is in{" "}
          {browser.replaceAll("_", " ")}, choose it: class times, tardiness and notices follow this setting.{" "}
          <button
            type="button"
            className="underline"
            onClick={() => {
              select.current!.value = browser;
              setChosen(browser);
            }}
          >
            Use {browser.replaceAll("_", " ")}
          </button>
        </p>
      )}
    </>
  );
}
