"use client";
// A teacher's row: an invite link (with a copy button and a QR code) or a password set by the
// admin, and (de)activation. Each answer shows in the row; the page refreshes the row's status.
import { startTransition, useActionState, useState } from "react";
import { inviteAction, setActiveAction, setPasswordAction } from "@/app/admin/teachers/actions";
import { ActionForm } from "@/app/ui/action-form";
import { Feedback, inputClass, secondaryButtonClass } from "@/app/ui/table";

function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState<"" | "yes" | "no">("");
  return (
    <>
      <button
        type="button"
        className={secondaryButtonClass}
        onClick={() =>
          navigator.clipboard.writeText(text).then(
            () => setCopied("yes"),
            () => setCopied("no"),
          )
        }
      >
        {label}
      </button>
      <span role="status" className="text-sm">
        {copied === "yes" ? "Copied." : copied === "no" ? "Copying is blocked here: select the link and copy it." : ""}
      </span>
    </>
  );
}

export function TeacherRowActions({ userId, email, name, active }: { userId: string; email: string; name: string; active: boolean }) {
  const [invite, requestInvite, pending] = useActionState(inviteAction, null);
  return (
    <div className="flex flex-col items-start gap-2 text-left">
      <div className="flex flex-wrap gap-2">
        {active && (
          <button
            type="button"
            disabled={pending}
            className={secondaryButtonClass}
            onClick={() => {
              const form = new FormData();
              form.set("userId", userId);
              startTransition(() => requestInvite(form));
            }}
          >
            Invite link<span className="sr-only"> for {name}</span>
          </button>
        )}
        <ActionForm action={setActiveAction}>
          <input type="hidden" name="userId" value={userId} />
          <input type="hidden" name="active" value={String(!active)} />
          <button type="submit" className="min-h-11 px-2 text-sm underline">
            {active ? "Deactivate" : "Reactivate"}
            <span className="sr-only"> {name}</span>
          </button>
        </ActionForm>
      </div>
      {invite && (
        <div className="w-72 max-w-full">
          <Feedback state={invite} />
          {invite.ok && invite.data && (
            <div className="mt-2">
              <label htmlFor={`${userId}-invite`} className="block text-sm font-medium">
                Link for {name}
              </label>
              <input id={`${userId}-invite`} readOnly value={invite.data.link} data-testid="invite-link" className={inputClass} />
              <div className="mt-2 flex flex-wrap items-center gap-2">
                <CopyButton text={invite.data.link} label="Copy link" />
              </div>
              {/* eslint-disable-next-line @next/next/no-img-element -- a data URL made on the server */}
              <img
                src={invite.data.qr}
                data-testid="invite-qr"
                alt={`QR code of the invite link for ${name}: scan it with their phone`}
                width={200}
                height={200}
                className="mt-2 rounded border border-slate-200 bg-white"
              />
            </div>
          )}
        </div>
      )}
      {active && (
        <details>
          <summary className="inline-flex min-h-11 cursor-pointer items-center text-sm underline">
            Set password<span className="sr-only"> for {name}</span>
          </summary>
          <ActionForm action={setPasswordAction} className="mt-2 flex w-72 max-w-full flex-col gap-2">
            <input type="hidden" name="email" value={email} />
            <div>
              <label htmlFor={`${userId}-password`} className="block text-sm font-medium">
                New password (blank: generate one)
              </label>
              <input
                id={`${userId}-password`}
                name="password"
                type="password"
                autoComplete="new-password"
                minLength={10}
                className={inputClass}
              />
            </div>
            <button type="submit" className={secondaryButtonClass}>
              Set password
            </button>
          </ActionForm>
        </details>
      )}
    </div>
  );
}
