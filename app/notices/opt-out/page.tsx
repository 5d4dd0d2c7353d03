import type { Metadata } from "next";
import { ActionForm } from "@/app/ui/action-form";
import { buttonClass } from "@/app/ui/table";
import { optOutAction } from "@/app/notices/actions";
import { db } from "@/lib/db";
import { requestSettings } from "@/app/request-settings";
import { verifyOptOutToken } from "@/lib/notices/opt-out";

export const metadata: Metadata = { title: "Stop absence emails" };

/** Opened from a notice's link. Stopping needs the button: a mail scanner opening the link must not. */
export default async function OptOutPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const valid = typeof token === "string" && verifyOptOutToken(token) !== null;
  const settings = await requestSettings(db);
  return (
    <main id="main" className="flex min-h-screen items-center justify-center bg-slate-100 p-4">
      <div className="w-full max-w-md rounded-xl bg-white p-6 shadow-sm">
        <h1 className="text-2xl font-semibold">Stop absence emails</h1>
        {valid ? (
          <>
            <p className="mt-2 text-slate-700">
              {settings.name} emails you when a student you are a contact for misses a class. Stop these emails for your address?
            </p>
            <ActionForm action={optOutAction} className="mt-4">
              <input type="hidden" name="token" value={token} />
              <button type="submit" className={`${buttonClass} min-h-11`}>
                Stop absence emails
              </button>
            </ActionForm>
            <p className="mt-4 text-sm text-slate-700">To get them again later, ask the school office.</p>
          </>
        ) : (
          <p role="alert" className="mt-2 rounded-md bg-red-50 px-3 py-2 text-red-800">
            This link is not valid. Use the link in the school&apos;s email, or contact the school office.
          </p>
        )}
      </div>
    </main>
  );
}
