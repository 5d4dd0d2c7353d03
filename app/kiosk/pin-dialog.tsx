"use client";

import { useState, type FormEvent } from "react";

/**
 * Check-in by student number and PIN. The form is controlled: after a wrong PIN the student
 * number stays and only the PIN is cleared, so the student retypes one thing.
 */
export function PinDialog({
  onSubmit,
  onClose,
}: {
  onSubmit: (identifier: string, pin: string) => Promise<string | null>;
  onClose: () => void;
}) {
  const [identifier, setIdentifier] = useState("");
  const [pin, setPin] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const problem = await onSubmit(identifier, pin);
    setBusy(false);
    if (problem) {
      setError(problem);
      setPin("");
    }
  }

  return (
    <div
      role="dialog"
      aria-modal="true"
      aria-labelledby="pin-title"
      className="absolute inset-0 z-10 flex items-center justify-center bg-slate-950/80 p-6"
    >
      <form onSubmit={submit} className="w-full max-w-sm space-y-4 rounded-xl bg-white p-6 text-slate-900">
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
            value={identifier}
            onChange={(e) => setIdentifier(e.target.value)}
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
            value={pin}
            onChange={(e) => setPin(e.target.value)}
            className="mt-1 block w-full rounded-md border border-slate-400 px-3 py-3 text-2xl tracking-widest"
          />
        </div>
        {error && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-red-800">
            {error}
          </p>
        )}
        <div className="flex gap-3">
          <button
            type="submit"
            disabled={busy}
            className="flex-1 rounded-md bg-brand-700 px-4 py-3 text-lg font-medium text-white hover:bg-brand-600 disabled:opacity-60"
          >
            Check in
          </button>
          <button type="button" onClick={onClose} className="rounded-md border border-slate-300 px-4 py-3 text-lg">
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
