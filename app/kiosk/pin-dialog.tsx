"use client";

import { useRef, useState, type FormEvent, type MouseEvent } from "react";

type Field = "identifier" | "pin";

const DIGITS = ["1", "2", "3", "4", "5", "6", "7", "8", "9"];
const LETTERS = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZ"];
/** At least 56×56 px (a child's finger on a wall screen), dark on light for contrast. */
const KEY =
  "flex min-h-14 min-w-14 items-center justify-center rounded-lg border-2 border-slate-500 bg-slate-100 text-2xl font-semibold text-slate-900 active:bg-slate-300 disabled:opacity-40";
const FIELD = "mt-1 block w-full rounded-md border border-slate-400 px-3 py-3 text-2xl outline-none";
const ACTIVE_FIELD = "ring-4 ring-brand-600";

/**
 * Check-in by student number and PIN. The form is controlled: after a wrong PIN the student
 * number stays and only the PIN is cleared, so the student retypes one thing.
 *
 * Kiosks are touch screens, often without a keyboard: an on-screen keypad types into the field
 * last focused (the student number first; Next or tapping the PIN moves on). Student numbers may
 * have letters (S2012): the keypad's ABC key swaps in A–Z for that field. The fields have
 * `inputMode="none"` so a tablet does not open its own keyboard over the keypad; a physical
 * keyboard still types into them.
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
  const [active, setActive] = useState<Field>("identifier");
  const [letters, setLetters] = useState(false);
  const pinInput = useRef<HTMLInputElement>(null);

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

  const edit = (change: (value: string) => string) => (active === "identifier" ? setIdentifier(change) : setPin(change));
  function focusField(field: Field) {
    setActive(field);
    // PINs are digits only.
    if (field === "pin") setLetters(false);
  }
  function next() {
    focusField("pin");
    pinInput.current?.focus();
  }
  const typeKey = (c: string) => <Key key={c} label={c} onClick={() => edit((v) => v + c)} />;
  const clear = <Key label="Clear" onClick={() => edit(() => "")} className="text-lg" />;
  const del = <Key label="Delete" onClick={() => edit((v) => v.slice(0, -1))} className="text-lg" />;

  return (
    <div
      role="dialog"
      aria-modal="true"
      aria-labelledby="pin-title"
      className="absolute inset-0 z-10 flex overflow-y-auto bg-slate-950/80 p-3 sm:p-6"
    >
      <form
        onSubmit={submit}
        className="m-auto grid w-full max-w-sm gap-4 rounded-xl bg-white p-5 text-slate-900 lg:max-w-3xl lg:grid-cols-2 lg:gap-6"
      >
        <div className="space-y-4">
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
              inputMode="none"
              value={identifier}
              onFocus={() => focusField("identifier")}
              onChange={(e) => setIdentifier(e.target.value)}
              className={`${FIELD} ${active === "identifier" ? ACTIVE_FIELD : ""}`}
            />
          </div>
          <div>
            <label htmlFor="pin-pin" className="block font-medium">
              PIN
            </label>
            <input
              id="pin-pin"
              ref={pinInput}
              name="pin"
              type="password"
              inputMode="none"
              required
              autoComplete="off"
              value={pin}
              onFocus={() => focusField("pin")}
              onChange={(e) => setPin(e.target.value)}
              className={`${FIELD} tracking-widest ${active === "pin" ? ACTIVE_FIELD : ""}`}
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
              className="min-h-14 flex-1 rounded-md bg-brand-700 px-4 py-3 text-lg font-medium text-white hover:bg-brand-600 disabled:opacity-60"
            >
              Check in
            </button>
            <button type="button" onClick={onClose} className="min-h-14 rounded-md border border-slate-300 px-4 py-3 text-lg">
              Cancel
            </button>
          </div>
        </div>
        {letters ? (
          <div role="group" aria-label="Keypad" data-testid="pin-keypad" className="grid grid-cols-5 gap-1.5 self-start">
            {LETTERS.map(typeKey)}
            <Key label="123" onClick={() => setLetters(false)} className="text-lg" />
            {clear}
            {del}
            <Key label="Next" onClick={next} className="text-lg" />
          </div>
        ) : (
          <div role="group" aria-label="Keypad" data-testid="pin-keypad" className="grid grid-cols-3 gap-2 self-start">
            {DIGITS.map(typeKey)}
            {clear}
            {typeKey("0")}
            {del}
            <Key label="ABC" onClick={() => setLetters(true)} className="text-lg" disabled={active === "pin"} />
            <Key label="Next" onClick={next} className="col-span-2 text-lg" disabled={active === "pin"} />
          </div>
        )}
      </form>
    </div>
  );
}

function Key({
  label,
  onClick,
  className = "",
  disabled = false,
}: {
  label: string;
  onClick: () => void;
  className?: string;
  disabled?: boolean;
}) {
  return (
    <button
      type="button"
      // A tap keeps the focus (and its caret) in the field being typed into.
      onMouseDown={(e: MouseEvent) => e.preventDefault()}
      onClick={onClick}
      disabled={disabled}
      className={`${KEY} ${className}`}
    >
      {label}
    </button>
  );
}
