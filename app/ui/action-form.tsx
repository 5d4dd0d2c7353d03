"use client";

import { startTransition, useActionState, useEffect, useId, useRef } from "react";
import { Feedback } from "@/app/ui/table";

type State = { ok: boolean; message: string; fieldErrors?: Record<string, string[] | undefined> };

/**
 * A form bound to a server action that returns an ActionResult: shows the outcome after every
 * submission, asks first when `confirm` is set. On a failure the typed values stay (React would
 * reset the form after any action) and each field named in `fieldErrors` is marked invalid,
 * described by its message and the first one focused; on a success the form is reset.
 */
export function ActionForm<S extends State>({
  id,
  action,
  children,
  className,
  confirm: confirmText,
  onDone,
}: {
  id?: string;
  action: (prev: S | null, form: FormData) => Promise<S>;
  children: React.ReactNode;
  className?: string;
  confirm?: string;
  /** Called after each successful submission (e.g. to close the sheet the form is in). */
  onDone?: (state: S) => void;
}) {
  const [state, dispatch, pending] = useActionState<S | null, FormData>(action, null);
  const formRef = useRef<HTMLFormElement>(null);
  const errorId = useId();
  // The latest callback, without re-running the effect below when the parent re-renders.
  const onDoneRef = useRef(onDone);
  useEffect(() => {
    onDoneRef.current = onDone;
  });
  const fieldErrors = state && !state.ok && state.fieldErrors ? Object.entries(state.fieldErrors).filter(([, v]) => v?.length) : [];

  useEffect(() => {
    const form = formRef.current;
    if (!form || !state) return;
    for (const el of form.querySelectorAll("[aria-invalid]")) {
      el.removeAttribute("aria-invalid");
      el.removeAttribute("aria-describedby");
    }
    if (state.ok) {
      form.reset();
      onDoneRef.current?.(state);
      return;
    }
    let first: HTMLElement | null = null;
    for (const [field] of Object.entries(state.fieldErrors ?? {}).filter(([, v]) => v?.length)) {
      const el = form.elements.namedItem(field);
      if (!(el instanceof HTMLElement)) continue;
      el.setAttribute("aria-invalid", "true");
      el.setAttribute("aria-describedby", `${errorId}-${field}`);
      first ??= el;
    }
    first?.focus();
  }, [state, errorId]);

  return (
    <form
      ref={formRef}
      id={id}
      onSubmit={(e) => {
        // Submitted by hand, not through `action`, so that React does not reset the typed values.
        e.preventDefault();
        if (confirmText && !confirm(confirmText)) return;
        const data = new FormData(e.currentTarget, (e.nativeEvent as SubmitEvent).submitter);
        startTransition(() => dispatch(data));
      }}
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
              <li key={field} id={`${errorId}-${field}`}>
                {errors!.join(" ")}
              </li>
            ))}
          </ul>
        )}
      </div>
    </form>
  );
}
