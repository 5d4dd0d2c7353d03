"use client";

import { useActionState, useState } from "react";
import { classConsentAction } from "@/app/admin/consent/actions";
import { buttonClass, Feedback, secondaryButtonClass } from "@/app/ui/table";
import { count } from "@/lib/text";

type Row = { id: string; identifier: string; name: string; consent: "NONE" | "GRANTED" | "WITHDRAWN" };
const CONSENT_LABEL = { NONE: "none recorded", GRANTED: "granted", WITHDRAWN: "withdrawn" } as const;

/** A class's students with a tick each; recording consent asks for a second, explicit confirmation. */
export function ClassConsent({ classCode, students }: { classCode: string; students: Row[] }) {
  const [ticked, setTicked] = useState<Set<string>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const [state, action, pending] = useActionState(async (prev: unknown, form: FormData) => {
    const result = await classConsentAction(prev, form);
    if (result.ok) {
      setTicked(new Set());
      setConfirming(false);
    }
    return result;
  }, null);
  const chosen = students.filter((s) => ticked.has(s.identifier));
  const toggle = (identifier: string) => {
    setConfirming(false);
    setTicked((t) => {
      const next = new Set(t);
      if (!next.delete(identifier)) next.add(identifier);
      return next;
    });
  };
  const open = students.filter((s) => s.consent !== "GRANTED");
  return (
    <div className="mt-3 rounded-lg border border-slate-200 bg-white p-4">
      {students.length === 0 ? (
        <p className="text-slate-700">No active students are enrolled in {classCode}.</p>
      ) : (
        <>
          <fieldset>
            <legend className="text-sm font-medium">Students of {classCode}: tick those whose consent form says granted</legend>
            <ul className="mt-2 divide-y divide-slate-100">
              {students.map((s) => (
                <li key={s.id}>
                  {s.consent === "GRANTED" ? (
                    <p className="flex min-h-11 flex-wrap items-center gap-x-2 pl-7 text-sm">
                      <span>
                        {s.name} {s.identifier}
                      </span>
                      <span className="text-slate-600">consent {CONSENT_LABEL[s.consent]}</span>
                    </p>
                  ) : (
                    <label className="flex min-h-11 flex-wrap items-center gap-x-2 text-sm">
                      <input type="checkbox" checked={ticked.has(s.identifier)} onChange={() => toggle(s.identifier)} className="h-5 w-5" />
                      <span>
                        {s.name} {s.identifier}
                      </span>
                      <span className="text-slate-600">consent {CONSENT_LABEL[s.consent]}</span>
                    </label>
                  )}
                </li>
              ))}
            </ul>
          </fieldset>
          <div className="mt-3 flex flex-wrap gap-2">
            {open.length > 1 && (
              <button
                type="button"
                className={secondaryButtonClass}
                onClick={() => {
                  setConfirming(false);
                  setTicked(new Set(ticked.size === open.length ? [] : open.map((s) => s.identifier)));
                }}
              >
                {ticked.size === open.length ? "Untick all" : `Tick all ${open.length} without consent`}
              </button>
            )}
            <button type="button" disabled={chosen.length === 0 || confirming} onClick={() => setConfirming(true)} className={buttonClass}>
              Record consent granted for {count(chosen.length, "student")}
            </button>
          </div>
        </>
      )}
      {confirming && chosen.length > 0 && (
        <form action={action} className="mt-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm" aria-labelledby="confirm-h">
          <p id="confirm-h" className="font-medium">
            Record that consent to face recognition was granted for these {count(chosen.length, "student")}?
          </p>
          <ul className="mt-1 list-disc pl-5">
            {chosen.map((s) => (
              <li key={s.id}>
                {s.name} {s.identifier}
                <input type="hidden" name="identifier" value={s.identifier} />
              </li>
            ))}
          </ul>
          <input type="hidden" name="confirmed" value="true" />
          <div className="mt-3 flex flex-wrap gap-2">
            <button type="submit" disabled={pending} className={buttonClass}>
              {pending ? "Recording…" : `Confirm: consent granted for ${count(chosen.length, "student")}`}
            </button>
            <button type="button" onClick={() => setConfirming(false)} className={secondaryButtonClass}>
              Cancel
            </button>
          </div>
        </form>
      )}
      <Feedback state={state} />
    </div>
  );
}
