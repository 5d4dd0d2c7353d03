"use client";

import { useActionState } from "react";
import { archiveStudentAction, createStudentAction, setConsentAction, updateStudentAction } from "@/app/admin/students/actions";
import { buttonClass, Feedback, inputClass, secondaryButtonClass } from "@/app/ui/table";

type Values = { identifier?: string; givenName?: string; familyName?: string; preferredName?: string | null };

function Field({
  name,
  label,
  defaultValue,
  errors,
  required = true,
}: {
  name: string;
  label: string;
  defaultValue?: string | null;
  errors?: string[];
  required?: boolean;
}) {
  return (
    <div>
      <label htmlFor={name} className="block text-sm font-medium">
        {label}
      </label>
      <input
        id={name}
        name={name}
        defaultValue={defaultValue ?? ""}
        required={required}
        aria-invalid={Boolean(errors)}
        aria-describedby={errors ? `${name}-error` : undefined}
        className={inputClass}
      />
      {errors && (
        <p id={`${name}-error`} className="mt-1 text-sm text-red-800">
          {errors.join(" ")}
        </p>
      )}
    </div>
  );
}

function StudentFields({ values, errors }: { values?: Values; errors?: Record<string, string[]> }) {
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <Field name="identifier" label="Identifier" defaultValue={values?.identifier} errors={errors?.identifier} />
      <Field
        name="preferredName"
        label="Preferred name (optional)"
        defaultValue={values?.preferredName}
        errors={errors?.preferredName}
        required={false}
      />
      <Field name="givenName" label="Given name" defaultValue={values?.givenName} errors={errors?.givenName} />
      <Field name="familyName" label="Family name" defaultValue={values?.familyName} errors={errors?.familyName} />
    </div>
  );
}

export function AddStudentForm() {
  const [state, action, pending] = useActionState(createStudentAction, null);
  return (
    <form action={action} className="mt-3 space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <StudentFields errors={state && !state.ok && "fieldErrors" in state ? state.fieldErrors : undefined} />
      <button type="submit" disabled={pending} className={buttonClass}>
        {pending ? "Adding…" : "Add student"}
      </button>
      <Feedback state={state} />
    </form>
  );
}

export function EditStudentForm({ id, values }: { id: string; values: Values }) {
  const [state, action, pending] = useActionState(updateStudentAction, null);
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="id" value={id} />
      <StudentFields values={values} errors={state && !state.ok && "fieldErrors" in state ? state.fieldErrors : undefined} />
      <button type="submit" disabled={pending} className={buttonClass}>
        {pending ? "Saving…" : "Save"}
      </button>
      <Feedback state={state} />
    </form>
  );
}

export function ConsentForm({ identifier, current }: { identifier: string; current: "NONE" | "GRANTED" | "WITHDRAWN" }) {
  const [state, action, pending] = useActionState(setConsentAction, null);
  return (
    <form
      action={action}
      onSubmit={(e) => {
        const to = (e.nativeEvent as SubmitEvent).submitter?.getAttribute("value");
        if (to === "WITHDRAWN" && !confirm("Withdraw consent? This deletes all of this student's photos and face templates now."))
          e.preventDefault();
      }}
      className="flex flex-wrap items-center gap-2"
    >
      <input type="hidden" name="identifier" value={identifier} />
      <button type="submit" name="consent" value="GRANTED" disabled={pending || current === "GRANTED"} className={buttonClass}>
        Record consent granted
      </button>
      <button
        type="submit"
        name="consent"
        value="WITHDRAWN"
        disabled={pending || current === "WITHDRAWN" || current === "NONE"}
        className={secondaryButtonClass}
      >
        Withdraw consent
      </button>
      <div className="w-full">
        <Feedback state={state} />
      </div>
    </form>
  );
}

export function ArchiveForm({ id, archived }: { id: string; archived: boolean }) {
  const [state, action, pending] = useActionState(archiveStudentAction, null);
  return (
    <form action={action}>
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="archive" value={String(!archived)} />
      <button type="submit" disabled={pending} className={secondaryButtonClass}>
        {archived ? "Restore student" : "Archive student"}
      </button>
      <Feedback state={state} />
    </form>
  );
}
