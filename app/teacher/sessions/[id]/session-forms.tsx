"use client";
// The interactive parts of the session review: one row's status change, the bulk actions,
// closing, and a quiet refresh while the session is open (kiosk check-ins keep arriving).
import { useRouter } from "next/navigation";
import { useEffect } from "react";
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

export function StatusChange({
  sessionId,
  studentId,
  name,
  current,
}: {
  sessionId: string;
  studentId: string;
  name: string;
  current: AttendanceStatus | null;
}) {
  const field = `${studentId}-status`;
  return (
    <details className="group">
      <summary className="inline-flex min-h-11 cursor-pointer items-center rounded px-2 text-brand-700 underline hover:bg-slate-100">
        {current ? "Change" : "Mark"}
        <span className="sr-only"> {name}</span>
      </summary>
      <ActionForm
        action={changeStatusFormAction}
        className="mt-2 flex flex-wrap items-end gap-2 rounded border border-slate-200 bg-slate-50 p-2"
      >
        <input type="hidden" name="sessionId" value={sessionId} />
        <input type="hidden" name="studentId" value={studentId} />
        <div>
          <label htmlFor={field} className="block text-xs font-medium">
            New status for {name}
          </label>
          {/* Keyed on the saved status: after a save the open form shows it, not the status it opened with. */}
          <select key={current ?? "none"} id={field} name="status" defaultValue={current ?? "PRESENT"} className={inputClass}>
            {ATTENDANCE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="min-w-48 flex-1">
          <label htmlFor={`${studentId}-reason`} className="block text-xs font-medium">
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
        <button type="submit" className={buttonClass}>
          Save
        </button>
      </ActionForm>
    </details>
  );
}

/** The ticked rows' checkboxes sit in the table and join this form through their `form` attribute. */
const EXCUSE_FORM = "excuse-form";

export function TickBox({ studentId, name }: { studentId: string; name: string }) {
  return <input type="checkbox" name="studentIds" value={studentId} form={EXCUSE_FORM} aria-label={`Tick ${name}`} className="h-5 w-5" />;
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
      const typing = document.activeElement?.matches("input, select, textarea") || document.querySelector("details[open]");
      if (document.visibilityState === "visible" && !typing) router.refresh();
    }, seconds * 1000);
    return () => clearInterval(timer);
  }, [router, seconds]);
  return null;
}
