"use client";

import { useActionState } from "react";
import { authenticate } from "@/app/login/actions";

export function LoginForm() {
  const [state, formAction, pending] = useActionState(authenticate, null);
  return (
    <form action={formAction} className="space-y-4" noValidate={false}>
      <div>
        <label htmlFor="email" className="block text-sm font-medium">
          Email
        </label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={state?.data?.email}
          // A new key when the answer comes back: React resets the form after an action, and the
          // email the person typed should survive a wrong password.
          key={state ? `e-${state.message}-${state.data?.email}` : "e"}
          className="mt-1 block w-full rounded-md border border-slate-400 bg-white px-3 py-2"
        />
      </div>
      <div>
        <label htmlFor="password" className="block text-sm font-medium">
          Password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className="mt-1 block w-full rounded-md border border-slate-400 bg-white px-3 py-2"
        />
      </div>
      <div aria-live="polite" className="min-h-6">
        {state?.message && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            {state.message}
          </p>
        )}
      </div>
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded-md bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-600 disabled:opacity-60"
      >
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
