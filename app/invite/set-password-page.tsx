// The page a one-time password link opens, an admin's invite (/invite) or a reset the staff member
// asked for (/reset-password): one form, worded for the link's purpose.
import Link from "next/link";
import { ActionForm } from "@/app/ui/action-form";
import { buttonClass, inputClass } from "@/app/ui/table";
import { redeemInviteAction } from "@/app/invite/actions";
import { db } from "@/lib/db";
import { now } from "@/lib/clock";
import { checkInvite, type LinkPurpose } from "@/lib/staff/invites";

/** Setting the password needs the form: a link preview changes nothing. */
export async function SetPasswordPage({ token, expected }: { token: string | string[] | undefined; expected: LinkPurpose }) {
  const state = await checkInvite(db, token, now(), expected);
  return (
    <main id="main" className="flex min-h-screen items-center justify-center bg-slate-100 p-4">
      <div className="w-full max-w-md rounded-xl bg-white p-6 shadow-sm">
        <h1 className="text-2xl font-semibold">
          {(state.ok ? state.purpose : expected) === "reset" ? "Set a new password" : "Set your password"}
        </h1>
        {state.ok ? (
          <>
            {state.purpose === "reset" ? (
              <p className="mt-2 text-slate-700">
                Choose a new password for <strong>{state.email}</strong> (at least 10 characters). You are signed in afterwards, and signed
                out everywhere else.
              </p>
            ) : (
              <p className="mt-2 text-slate-700">
                Welcome, {state.name}. Choose a password for <strong>{state.email}</strong> (at least 10 characters). You are signed in
                afterwards; next time, sign in with your email and this password.
              </p>
            )}
            <ActionForm action={redeemInviteAction} className="mt-4 flex flex-col gap-3">
              <input type="hidden" name="token" value={token as string} />
              {/* For password managers: the account the password belongs to. */}
              <input type="hidden" name="username" autoComplete="username" value={state.email} />
              <div>
                <label htmlFor="invite-password" className="block text-sm font-medium">
                  New password
                </label>
                <input id="invite-password" name="password" type="password" autoComplete="new-password" required className={inputClass} />
              </div>
              <div>
                <label htmlFor="invite-confirm" className="block text-sm font-medium">
                  The same password again
                </label>
                <input id="invite-confirm" name="confirm" type="password" autoComplete="new-password" required className={inputClass} />
              </div>
              <button type="submit" className={`${buttonClass} self-start`}>
                Set password and sign in
              </button>
            </ActionForm>
          </>
        ) : (
          <>
            <p role="alert" className="mt-2 rounded-md bg-red-50 px-3 py-2 text-red-800">
              {state.message}
            </p>
            <p className="mt-4">
              <Link href="/login" className="underline">
                Go to sign-in
              </Link>
            </p>
          </>
        )}
      </div>
    </main>
  );
}
