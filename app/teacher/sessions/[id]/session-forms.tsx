"use client";
// The interactive parts of the session review: one row's status change, the bulk actions,
// closing, and a quiet refresh while the session is open (kiosk check-ins keep arriving).
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import {
  changeStatusFormAction,
  closeSessionAction,
  excuseAction,
  markEveryoneElseAction,
  undoBatchAction,
} from "@/app/teacher/sessions/actions";
import { ActionForm } from "@/app/ui/action-form";
import { buttonClass, inputClass, secondaryButtonClass } from "@/app/ui/table";
import { ATTENDANCE_STATUSES, STATUS_LABEL } from "@/lib/attendance/statuses";
import type { AttendanceStatus } from "@/lib/generated/prisma/enums";
import type { BatchMark, SessionBatch } from "@/lib/attendance/batch";
import { count } from "@/lib/text";

/** Below Tailwind's `sm` the correction opens as a bottom sheet (a modal dialog), above it inline in the row. */
const PHONE = "(max-width: 639.98px)";

export function StatusChange({
  sessionId,
  studentId,
  name,
  current,
  history = [],
}: {
  sessionId: string;
  studentId: string;
  name: string;
  current: AttendanceStatus | null;
  history?: string[];
}) {
  const [open, setOpen] = useState(false);
  const [sheet, setSheet] = useState(false);
  const [message, setMessage] = useState("");
  const trigger = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const panelId = `${studentId}-change`;
  const close = () => {
    setOpen(false);
    trigger.current?.focus();
  };
  useEffect(() => {
    // Into the form: on the status it has (a sheet covers the rest of the page).
    if (open) panel.current?.querySelector<HTMLElement>("input:checked")?.focus();
  }, [open]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === "Escape") {
      e.stopPropagation();
      close();
    } else if (e.key === "Tab" && sheet) {
      // A modal sheet keeps the focus inside it.
      const items = [...panel.current!.querySelectorAll<HTMLElement>("button, input:not([type=hidden]), summary")].filter(
        (el) => !el.matches(":disabled") && (el.getAttribute("type") !== "radio" || (el as HTMLInputElement).checked),
      );
      const [first, last] = [items[0], items.at(-1)];
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last?.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first?.focus();
      }
    }
  };

  const form = (
    <ActionForm
      action={changeStatusFormAction}
      onDone={(state) => {
        setMessage(state.message);
        // The sheet has done its job: the card behind it shows the new status. Inline, the form stays.
        if (sheet) close();
      }}
      className="mt-2 flex flex-wrap items-end gap-2"
    >
      <input type="hidden" name="sessionId" value={sessionId} />
      <input type="hidden" name="studentId" value={studentId} />
      {/* Keyed on the saved status: after a save the open form shows it, not the status it opened with. */}
      <fieldset key={current ?? "none"} className="basis-full">
        <legend className="text-sm font-medium">New status for {name}</legend>
        <div className="mt-1 grid gap-2 sm:flex sm:flex-wrap">
          {ATTENDANCE_STATUSES.map((s) => (
            <label
              key={s}
              className="flex min-h-11 cursor-pointer items-center gap-2 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm has-checked:border-brand-700 has-checked:bg-brand-50 has-checked:font-medium"
            >
              <input
                type="radio"
                name="status"
                value={s}
                defaultChecked={s === (current ?? "PRESENT")}
                className="h-5 w-5 accent-brand-700"
              />
              {STATUS_LABEL[s]}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="min-w-48 flex-1">
        <label htmlFor={`${studentId}-reason`} className="block text-sm font-medium">
          Reason{current ? " (required)" : " (optional)"}
        </label>
        <input
          id={`${studentId}-reason`}
          name="reason"
          maxLength={500}
          required={Boolean(current)}
          minLength={current ? 3 : undefined}
          className={inputClass}
          placeholder={current ? "e.g. note from parent" : ""}
        />
      </div>
      <button type="submit" className={`${buttonClass} max-sm:w-full`}>
        Save
      </button>
    </ActionForm>
  );

  return (
    <div>
      <button
        ref={trigger}
        type="button"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => {
          setSheet(window.matchMedia(PHONE).matches);
          setOpen(!open);
        }}
        className="inline-flex min-h-11 cursor-pointer items-center rounded px-2 text-brand-700 underline hover:bg-slate-100 max-sm:w-full max-sm:justify-center max-sm:border max-sm:border-slate-300 max-sm:no-underline"
      >
        {current ? "Change" : "Mark"}
        <span className="sr-only"> {name}</span>
      </button>
      <div aria-live="polite">
        {!open && message && (
          <p role="status" className="mt-1 text-sm text-green-900">
            {message}
          </p>
        )}
      </div>
      {open &&
        (sheet ? (
          <>
            <div className="fixed inset-0 z-40 bg-slate-900/40" aria-hidden onClick={close} />
            <div
              ref={panel}
              id={panelId}
              role="dialog"
              aria-modal="true"
              aria-labelledby={titleId}
              data-editing
              onKeyDown={onKeyDown}
              className="fixed inset-x-0 bottom-0 z-50 max-h-[85vh] overflow-y-auto rounded-t-2xl bg-white p-4 shadow-2xl"
            >
              <div className="flex items-center justify-between gap-2">
                <h2 id={titleId} className="text-lg font-semibold">
                  {name}
                </h2>
                <button type="button" onClick={close} className={secondaryButtonClass}>
                  Close
                </button>
              </div>
              {form}
              {history.length > 0 && (
                <section aria-label={`History of ${name}`} className="mt-4 border-t border-slate-200 pt-3 text-sm">
                  <h3 className="font-medium">History</h3>
                  <ol className="mt-1 space-y-1 text-slate-700">
                    {history.map((line, i) => (
                      <li key={i} data-testid="sheet-history-entry">
                        {line}
                      </li>
                    ))}
                  </ol>
                </section>
              )}
            </div>
          </>
        ) : (
          <div ref={panel} id={panelId} data-editing onKeyDown={onKeyDown} className="mt-2 rounded border border-slate-200 bg-slate-50 p-2">
            {form}
          </div>
        ))}
    </div>
  );
}

/** The ticked rows' checkboxes sit in the table and join this form through their `form` attribute. */
const EXCUSE_FORM = "excuse-form";

export function TickBox({ studentId, name }: { studentId: string; name: string }) {
  // The label around the box makes the whole 44×44 square a tap target.
  return (
    <label className="inline-flex h-11 w-11 cursor-pointer items-center justify-center">
      <input type="checkbox" name="studentIds" value={studentId} form={EXCUSE_FORM} aria-label={`Tick ${name}`} className="h-5 w-5" />
    </label>
  );
}

/** One "everyone else" button: always mounted, so its outcome stays after the page refreshes. */
function EveryoneElse({ sessionId, unmarked, mark }: { sessionId: string; unmarked: number; mark: BatchMark }) {
  const label = mark === "present" ? "Present" : "Unexcused absence";
  return (
    <ActionForm
      action={markEveryoneElseAction}
      confirm={`Mark ${count(unmarked, "student")} without a record ${label}? You can undo it afterwards.`}
      className="flex flex-1 flex-wrap items-end gap-2"
    >
      <input type="hidden" name="sessionId" value={sessionId} />
      <input type="hidden" name="mark" value={mark} />
      {unmarked > 0 && (
        <button type="submit" className={`${mark === "present" ? buttonClass : secondaryButtonClass} w-full`}>
          Mark everyone else {mark}
        </button>
      )}
    </ActionForm>
  );
}

/** Undo of the latest batch not undone yet; always mounted, so "left N changed since" stays in view. */
function UndoBatch({ sessionId, batch, time }: { sessionId: string; batch: SessionBatch | undefined; time: string | null }) {
  return (
    <ActionForm action={undoBatchAction} className="flex basis-full flex-wrap items-center gap-2">
      <input type="hidden" name="sessionId" value={sessionId} />
      {batch && (
        <>
          <input type="hidden" name="batchId" value={batch.id} />
          <p className="min-w-0 flex-1 text-sm text-slate-700" data-testid="last-batch">
            {batch.by} marked {count(batch.count, "student")} {batch.mark} at {time}.
          </p>
          <button type="submit" className={secondaryButtonClass}>
            Undo
            <span className="sr-only">
              {" "}
              marking {count(batch.count, "student")} {batch.mark}
            </span>
          </button>
        </>
      )}
    </ActionForm>
  );
}

export function BulkActions({
  sessionId,
  unmarked,
  open,
  batch,
  batchTime,
}: {
  sessionId: string;
  unmarked: number;
  open: boolean;
  batch: SessionBatch | undefined;
  batchTime: string | null;
}) {
  return (
    <div className="mt-4 grid gap-3 md:grid-cols-3">
      <section aria-label="Everyone else" className="flex flex-wrap items-end gap-2 rounded-lg border border-slate-200 bg-white p-3">
        {unmarked === 0 ? (
          // Nothing to mark: say so instead of offering buttons that would do nothing.
          <p className="basis-full text-sm text-slate-700" data-testid="all-marked">
            Everyone is marked.
          </p>
        ) : (
          <p className="basis-full text-sm text-slate-700">{unmarked} not yet marked.</p>
        )}
        <EveryoneElse sessionId={sessionId} unmarked={unmarked} mark="present" />
        <EveryoneElse sessionId={sessionId} unmarked={unmarked} mark="absent" />
        <UndoBatch sessionId={sessionId} batch={batch} time={batchTime} />
      </section>
      <ActionForm
        id={EXCUSE_FORM}
        action={excuseAction}
        className="flex flex-wrap items-end gap-2 rounded-lg border border-slate-200 bg-white p-3"
      >
        <input type="hidden" name="sessionId" value={sessionId} />
        <div className="min-w-40 flex-1">
          <label htmlFor="excuse-note" className="block text-sm font-medium">
            Excuse the ticked students, with a note
          </label>
          <input id="excuse-note" name="note" required minLength={3} maxLength={500} className={inputClass} placeholder="e.g. field trip" />
        </div>
        <button type="submit" className={buttonClass}>
          Mark ticked excused
        </button>
      </ActionForm>
      {/* One form whether open or closed, so its outcome message survives the page refresh after closing. */}
      <ActionForm
        action={closeSessionAction}
        confirm="Close the session? Students without a record become Unexcused absence; you can still correct them."
        className="flex flex-wrap items-end gap-2 rounded-lg border border-slate-200 bg-white p-3"
      >
        <input type="hidden" name="sessionId" value={sessionId} />
        {open ? (
          <>
            <p className="basis-full text-sm text-slate-700">Closes by itself at the end of the period.</p>
            <button type="submit" className={secondaryButtonClass}>
              Close session now
            </button>
          </>
        ) : (
          <p className="basis-full text-sm text-slate-700">Closed. Corrections are still possible and are kept in the audit trail.</p>
        )}
      </ActionForm>
    </div>
  );
}

/** Re-renders the page every `seconds` while nobody is typing, so kiosk check-ins appear. */
export function RefreshWhileOpen({ seconds }: { seconds: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => {
      const typing = document.activeElement?.matches("input, select, textarea") || document.querySelector("details[open], [data-editing]");
      if (document.visibilityState === "visible" && !typing) router.refresh();
    }, seconds * 1000);
    return () => clearInterval(timer);
  }, [router, seconds]);
  return null;
}
