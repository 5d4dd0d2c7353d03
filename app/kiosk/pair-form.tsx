"use client";

import { useActionState } from "react";
import { pairAction } from "@/app/kiosk/actions";

export function PairForm({ code }: { code?: string }) {
  const [state, action, pending] = useActionState(pairAction, null);
  return (
    <form action={action} className="mt-6 space-y-4">
      <div>
        <label htmlFor="code" className="block text-lg font-medium">
          Pairing code
        </label>
        <input
          id="code"
          name="code"
          defaultValue={code}
          required
          autoComplete="off"
          className="mt-1 block w-full rounded-md border border-slate-400 bg-white px-3 py-3 font-mono text-2xl tracking-widest text-slate-900"
        />
      </div>
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded-md bg-brand-700 px-4 py-3 text-lg font-medium text-white hover:bg-brand-600 disabled:opacity-60"
      >
        {pending ? "Pairing…" : "Pair this screen"}
      </button>
      <div aria-live="polite">
        {state?.message && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-red-800">
            {state.message}
          </p>
        )}
      </div>
    </form>
  );
}
