// The student page's Guardians section: who is told about absences, and the notices sent.
import Link from "next/link";
import { addGuardianAction, guardianAdminAction, setDoNotContactAction, updateGuardianAction } from "@/app/admin/students/actions";
import { ActionForm } from "@/app/ui/action-form";
import { inputClass, secondaryButtonClass } from "@/app/ui/table";
import { localDateTime, type SchoolClock } from "@/lib/dates";
import { NOTICE_STATUS_LABEL } from "@/lib/notices/labels";
import type { getStudent } from "@/lib/data/students";
import { personName } from "@/lib/names";

type Student = NonNullable<Awaited<ReturnType<typeof getStudent>>>;

function GuardianFields({
  prefix,
  values,
}: {
  prefix: string;
  values?: { givenName: string; familyName: string; email: string | null; language: string | null };
}) {
  const field = (name: string, label: string, opts: { required?: boolean; inputMode?: "email" } = {}) => (
    <div>
      <label htmlFor={`${prefix}-${name}`} className="block text-sm font-medium">
        {label}
      </label>
      <input
        id={`${prefix}-${name}`}
        name={name}
        // Text, not type=email: the server's message says what is wrong, not the browser's tooltip.
        inputMode={opts.inputMode}
        required={opts.required}
        autoComplete="off"
        defaultValue={(values as Record<string, string | null> | undefined)?.[name] ?? ""}
        className={inputClass}
      />
    </div>
  );
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      {field("givenName", "Given name", { required: true })}
      {field("familyName", "Family name", { required: true })}
      {field("email", "Email (optional: without one, no notices)", { inputMode: "email" })}
      {field("language", "Language (optional, e.g. en, de)")}
    </div>
  );
}

export function GuardiansSection({ student, clock }: { student: Student; clock: SchoolClock }) {
  return (
    <section aria-labelledby="guardians-h" className="mt-6 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="guardians-h" className="text-lg font-semibold">
        Guardians
      </h2>
      <p className="mt-1 text-sm text-slate-700">
        Guardians with an email get an absence notice on a day this student has an unexcused absence (
        <Link href="/admin/notices" className="underline">
          Notices
        </Link>
        ).
      </p>
      {student.doNotContact && (
        <p role="note" className="mt-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Do not contact: no guardian of this student is emailed.
        </p>
      )}
      {student.guardians.length === 0 ? (
        <p className="mt-3 text-slate-700">
          No guardians yet. Add one below, or import them with the roster (parents, guardians, relatives).
        </p>
      ) : (
        <ul className="mt-3 divide-y divide-slate-200" data-testid="guardians">
          {student.guardians.map(({ guardian: g, fromRoster }) => (
            <li key={g.id} className="py-3">
              <p className="font-medium">
                {personName(g)}
                <span className="font-normal text-slate-700">
                  {" "}
                  · {g.email ?? "no email: cannot be notified"}
                  {g.language && ` · language ${g.language}`}
                  {fromRoster ? " · from the roster" : " · added by hand"}
                  {g.status === "ARCHIVED" && " · archived (gone from the roster)"}
                </span>
              </p>
              {g.optedOutAt && <p className="text-sm text-amber-900">Opted out of notices on {localDateTime(g.optedOutAt, clock)}.</p>}
              <div className="mt-2 flex flex-wrap items-start gap-3">
                <details className="min-w-0 flex-1">
                  <summary className="cursor-pointer text-sm underline">Edit {personName(g)}</summary>
                  <ActionForm action={updateGuardianAction} className="mt-2 flex flex-wrap items-end gap-3">
                    <input type="hidden" name="guardianId" value={g.id} />
                    <GuardianFields prefix={`g-${g.id}`} values={g} />
                    <button type="submit" className={secondaryButtonClass}>
                      Save guardian
                    </button>
                  </ActionForm>
                </details>
                {g.optedOutAt && (
                  <ActionForm action={guardianAdminAction}>
                    <input type="hidden" name="guardianId" value={g.id} />
                    <input type="hidden" name="op" value="opt-in" />
                    <button type="submit" className={secondaryButtonClass}>
                      Send notices again
                    </button>
                  </ActionForm>
                )}
                <ActionForm action={guardianAdminAction} confirm={`Stop telling ${personName(g)} about this student?`}>
                  <input type="hidden" name="guardianId" value={g.id} />
                  <input type="hidden" name="studentId" value={student.id} />
                  <input type="hidden" name="op" value="unlink" />
                  <button type="submit" className="min-h-11 text-sm text-red-800 underline">
                    Remove from this student
                  </button>
                </ActionForm>
              </div>
            </li>
          ))}
        </ul>
      )}

      <details className="mt-4 border-t border-slate-200 pt-4">
        <summary className="cursor-pointer font-medium">Add a guardian</summary>
        <ActionForm action={addGuardianAction} className="mt-3 flex flex-wrap items-end gap-3">
          <input type="hidden" name="studentId" value={student.id} />
          <GuardianFields prefix="new-guardian" />
          <button type="submit" className={secondaryButtonClass}>
            Add guardian
          </button>
        </ActionForm>
      </details>

      <ActionForm action={setDoNotContactAction} className="mt-4 border-t border-slate-200 pt-4">
        <input type="hidden" name="studentId" value={student.id} />
        <input type="hidden" name="doNotContact" value={student.doNotContact ? "false" : "true"} />
        <button type="submit" className={secondaryButtonClass}>
          {student.doNotContact ? "Allow notices to this student's guardians" : "Do not contact this student's guardians"}
        </button>
      </ActionForm>

      {student.notices.length > 0 && (
        <>
          <h3 className="mt-4 font-semibold">Recent notices</h3>
          <ul className="mt-1 text-sm">
            {student.notices.map((n) => (
              <li key={n.id}>
                {n.date}: {n.kind === "CORRECTION" ? "correction " : ""}to {personName(n.guardian)},{" "}
                {NOTICE_STATUS_LABEL[n.status].toLowerCase()}
                {n.sentAt && ` at ${localDateTime(n.sentAt, clock)}`}
                {n.lastError && n.status !== "SENT" && ` (${n.lastError})`}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
