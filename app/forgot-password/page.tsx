import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser } from "@/app/current-user";
import { requestResetAction } from "@/app/forgot-password/actions";
import { RESET_NO_MAIL } from "@/app/forgot-password/messages";
import { ActionForm } from "@/app/ui/action-form";
import { buttonClass, inputClass } from "@/app/ui/table";
import { mailConfig } from "@/lib/mail";

export const metadata: Metadata = { title: "Forgot your password?" };

/** From the sign-in page: a reset link by email where the school has mail, else who to ask. */
export default async function ForgotPasswordPage() {
  if (await currentUser()) redirect("/");
  const mail = mailConfig().ok;
  return (
    <main id="main" className="flex min-h-screen items-center justify-center bg-slate-100 p-4">
      <div className="w-full max-w-md rounded-xl bg-white p-6 shadow-sm">
        <h1 className="text-2xl font-semibold">Forgot your password?</h1>
        {mail ? (
          <>
            <p className="mt-2 text-slate-700">
              Type the email you sign in with. We send a link to it with which you choose a new password; it works once, for 1 hour.
            </p>
            <ActionForm action={requestResetAction} className="mt-4 flex flex-col gap-3">
              <div>
                <label htmlFor="reset-email" className="block text-sm font-medium">
                  Email
                </label>
                <input id="reset-email" name="email" type="email" autoComplete="username" required className={inputClass} />
              </div>
              <button type="submit" className={`${buttonClass} self-start`}>
                Email me a link
              </button>
            </ActionForm>
          </>
        ) : (
          <p role="status" className="mt-2 rounded-md bg-amber-50 px-3 py-2 text-amber-900">
            {RESET_NO_MAIL}
          </p>
        )}
        <p className="mt-4">
          <Link href="/login" className="inline-flex min-h-11 items-center underline">
            Back to sign-in
          </Link>
        </p>
      </div>
    </main>
  );
}
