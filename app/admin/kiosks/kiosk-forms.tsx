"use client";

import { useActionState } from "react";
import { createKioskAction, kioskAdminAction, resumePinAction, type Pairing } from "@/app/admin/kiosks/actions";
import type { ActionResult } from "@/lib/result";
import { buttonClass, inputClass, secondaryButtonClass } from "@/app/ui/table";

function Outcome({ state }: { state: ActionResult<Pairing> | null }) {
  if (!state) return null;
  return (
    <div
      role={state.ok ? "status" : "alert"}
      className={`mt-3 rounded-md px-3 py-2 text-sm ${state.ok ? "bg-green-50 text-green-900" : "bg-red-50 text-red-800"}`}
    >
      <p>{state.message}</p>
      {state.data && (
        <>
          <p className="mt-2">
            Code:{" "}
            <strong data-testid="pairing-code" className="font-mono text-lg tracking-widest">
              {state.data.code}
            </strong>
            <br />
            Link:{" "}
            <a data-testid="pairing-link" href={state.data.link} className="break-all underline">
              {state.data.link}
            </a>
          </p>
          {/* eslint-disable-next-line @next/next/no-img-element -- a data URL made on the server: nothing to optimise */}
          <img
            data-testid="pairing-qr"
            src={state.data.qr}
            alt="QR code of the pairing link: scan it with the classroom tablet's camera"
            width={240}
            height={240}
            className="mt-2 rounded border border-slate-200 bg-white"
          />
        </>
      )}
    </div>
  );
}

export function CreateKioskForm({ classes }: { classes: { id: string; code: string; title: string }[] }) {
  const [state, action, pending] = useActionState(createKioskAction, null);
  return (
    <form action={action} className="mt-3 space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <div>
        <label htmlFor="k-name" className="block text-sm font-medium">
          Name
        </label>
        <input id="k-name" name="name" required placeholder="Room 214 door" className={inputClass} />
      </div>
      <div>
        <label htmlFor="k-class" className="block text-sm font-medium">
          Class
        </label>
        <select id="k-class" name="classId" className={inputClass} defaultValue="">
          <option value="">— bind to a room instead —</option>
          {classes.map((c) => (
            <option key={c.id} value={c.id}>
              {c.code} {c.title}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="k-room" className="block text-sm font-medium">
          Room (for a kiosk that serves every class held there)
        </label>
        <input id="k-room" name="room" className={inputClass} />
      </div>
      <button type="submit" disabled={pending} className={buttonClass}>
        Create kiosk and pairing code
      </button>
      <Outcome state={state} />
    </form>
  );
}

export function KioskRowActions({ kioskId, name, revoked, paused }: { kioskId: string; name: string; revoked: boolean; paused: boolean }) {
  const [state, action, pending] = useActionState(kioskAdminAction, null);
  return (
    <form
      action={action}
      className="flex flex-wrap items-center gap-2"
      onSubmit={(e) => {
        const op = (e.nativeEvent as SubmitEvent).submitter?.getAttribute("value");
        if (op === "revoke" && !confirm(`Revoke "${name}"? The screen stops working at once.`)) e.preventDefault();
        if (op === "resume" && !confirm(`Resume face check-in on "${name}"? If the screen may be in the wrong hands, revoke it instead.`))
          e.preventDefault();
      }}
    >
      <input type="hidden" name="kioskId" value={kioskId} />
      <label htmlFor={`rename-${kioskId}`} className="sr-only">
        New name for {name}
      </label>
      <input id={`rename-${kioskId}`} name="name" defaultValue={name} className={`${inputClass} mt-0 w-44`} />
      <button type="submit" name="op" value="rename" disabled={pending} className={secondaryButtonClass}>
        Rename
      </button>
      <button type="submit" name="op" value="pair" disabled={pending} className={secondaryButtonClass}>
        {revoked ? "Pair again" : "New pairing code"}
      </button>
      {paused && !revoked && (
        <button type="submit" name="op" value="resume" disabled={pending} className={secondaryButtonClass}>
          Resume face check-in
        </button>
      )}
      {!revoked && (
        <button type="submit" name="op" value="revoke" disabled={pending} className={`${secondaryButtonClass} text-red-800`}>
          Revoke
        </button>
      )}
      <div className="basis-full">
        <Outcome state={state} />
      </div>
    </form>
  );
}

/** Resume for one PIN lockout: a student's (`studentId`) or a whole screen's. */
export function ResumePinButton({ studentId, kioskId, label }: { studentId: string | null; kioskId: string; label: string }) {
  const [state, action, pending] = useActionState(resumePinAction, null);
  return (
    <form action={action}>
      {studentId ? <input type="hidden" name="studentId" value={studentId} /> : <input type="hidden" name="kioskId" value={kioskId} />}
      <button type="submit" disabled={pending} className={secondaryButtonClass} aria-label={`Resume PIN entry for ${label}`}>
        Resume
      </button>
      <Outcome state={state as ActionResult<Pairing> | null} />
    </form>
  );
}
