"use client";

import { useActionState } from "react";
import { Feedback } from "@/app/ui/table";

type State = { ok: boolean; message: string; fieldErrors?: Record<string, string[] | undefined> };

/**
 * A form bound to a server action that returns { ok, message, fieldErrors? }: shows the
 * outcome (and each field's problem) after every submission, asks first when `confirm` is set.
 */
export function ActionForm<S extends State>({
  id,
  action,
  children,
  className,
  confirm: confirmText,
}: {
  id?: string;
  action: (prev: S | null, form: FormData) => Promise<S>;
  children: React.ReactNode;
  className?: string;
  confirm?: string;
}) {
  const [state, dispatch, pending] = useActionState<S | null, FormData>(action, null);
  const fieldErrors = state && !state.ok && state.fieldErrors ? Object.entries(state.fieldErrors).filter(([, v]) => v?.length) : [];
  return (
    <form
      id={id}
      action={dispatch}
      onSubmit={(e) => confirmText && !confirm(confirmText) && e.preventDefault()}
      className={className}
      aria-busy={pending}
    >
      <fieldset disabled={pending} className="contents">
        {children}
      </fieldset>
      <div className="basis-full">
        <Feedback state={state} />
        {fieldErrors.length > 0 && (
          <ul className="mt-1 text-sm text-red-800">
            {fieldErrors.map(([field, errors]) => (
              <li key={field}>
                {field}: {errors!.join(" ")}
              </li>
            ))}
          </ul>
        )}
      </div>
    </form>
  );
}
