"use client";

import { startTransition, useActionState, useState } from "react";
import { consentImportAction } from "@/app/admin/consent/actions";
import { buttonClass, fileInputClass, secondaryButtonClass, Th, Feedback } from "@/app/ui/table";
import type { PlannedConsent } from "@/lib/consent/import";
import { count } from "@/lib/text";

const MODES = [
  ["file", "As each row's consent column says: granted, withdrawn or none (none changes nothing)"],
  ["GRANTED", "Consent granted for every student listed (a file without a consent column)"],
  ["WITHDRAWN", "Consent withdrawn for every student listed (a file without a consent column; deletes their photos and templates)"],
] as const;
type Mode = (typeof MODES)[number][0];

function changeText(c: PlannedConsent): string {
  const what = c.from === c.to ? `already ${c.to.toLowerCase()}` : `${c.from.toLowerCase()} → ${c.to.toLowerCase()}`;
  const purge =
    c.photos + c.templates > 0
      ? " (photos and templates will be deleted)"
      : c.to === "WITHDRAWN" && c.from !== c.to
        ? " (no photos to delete)"
        : "";
  return `${c.name} ${c.identifier}: ${what}${purge}`;
}

const unchangedText = (c: PlannedConsent) =>
  `${c.name} ${c.identifier}: ${c.from.toLowerCase()}${c.says === "none" ? " (the file says none: left as it is)" : ""}`;

/** Upload → preview of every change → apply exactly what was previewed (the server checks the plan's hash). */
export function ConsentImport() {
  const [state, action, pending] = useActionState(consentImportAction, null);
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<Mode>("file");
  const [previewed, setPreviewed] = useState<{ file: File; mode: Mode } | null>(null);
  const plan = state?.data?.plan;
  // Built by hand rather than by the form: React resets a form after its action, and "Apply"
  // must send the same file that was previewed, with the hash of the plan that was shown.
  const submit = (apply: boolean) => {
    if (!file) return;
    const form = new FormData();
    form.set("file", file);
    form.set("mode", mode);
    if (apply) {
      form.set("apply", "true");
      form.set("hash", plan?.hash ?? "");
    } else setPreviewed({ file, mode });
    startTransition(() => action(form));
  };
  const canApply = state?.data?.stage === "preview" && previewed?.file === file && previewed?.mode === mode;
  const changes = plan?.items.filter((i) => i.changed) ?? [];
  const unchanged = plan?.items.filter((i) => !i.changed) ?? [];
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit(false);
      }}
      className="mt-3 space-y-4"
    >
      <div className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <div>
          <label htmlFor="consent-file" className="block text-sm font-medium">
            Consent CSV: the downloaded consent list, or a list of students (an identifier, Student ID or sourcedId column)
          </label>
          <input
            id="consent-file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            required
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            className={fileInputClass}
          />
        </div>
        <fieldset>
          <legend className="text-sm font-medium">What the file records</legend>
          {MODES.map(([value, label]) => (
            <label key={value} className="mt-1 flex min-h-11 items-center gap-2 text-sm">
              <input type="radio" name="mode" value={value} checked={mode === value} onChange={() => setMode(value)} className="h-5 w-5" />
              {label}
            </label>
          ))}
        </fieldset>
        <div className="flex flex-wrap gap-2">
          <button type="submit" disabled={pending || !file} className={secondaryButtonClass}>
            {pending ? "Reading…" : "Preview changes"}
          </button>
          {canApply && (
            <button type="button" disabled={pending} onClick={() => submit(true)} className={buttonClass}>
              Apply {count(changes.length, "change")}
            </button>
          )}
        </div>
      </div>
      <Feedback state={state} />
      {plan && plan.errors.length > 0 && (
        <table className="w-full rounded-lg bg-white text-left text-sm">
          <caption className="py-2 text-left font-semibold">Errors</caption>
          <thead className="bg-slate-100">
            <tr>
              <Th>Line</Th>
              <Th>Problem</Th>
            </tr>
          </thead>
          <tbody>
            {plan.errors.map((e, i) => (
              <tr key={i} className="border-t border-slate-200">
                <td className="px-3 py-2">{e.line}</td>
                <td className="break-words px-3 py-2">{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {plan && plan.errors.length === 0 && (
        <div className="rounded-lg bg-white p-3 text-sm" data-testid="consent-plan">
          <h3 className="font-semibold">
            {state?.data?.stage === "applied" ? "Recorded" : "Would change"}: {count(changes.length, "student")}; unchanged:{" "}
            {unchanged.length}
          </h3>
          {changes.length > 0 && (
            <ul className="mt-2 max-h-96 overflow-auto break-words">
              {changes.map((c) => (
                <li key={c.studentId}>{changeText(c)}</li>
              ))}
            </ul>
          )}
          {unchanged.length > 0 && (
            <details className="mt-2">
              <summary className="min-h-11 cursor-pointer py-2">{count(unchanged.length, "unchanged student")}</summary>
              <ul className="max-h-64 overflow-auto break-words">
                {unchanged.map((c) => (
                  <li key={c.studentId}>{unchangedText(c)}</li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
    </form>
  );
}
