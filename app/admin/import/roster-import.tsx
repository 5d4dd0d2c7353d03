"use client";

import { startTransition, useActionState, useState } from "react";
import { rosterImportAction } from "@/app/admin/import/actions";
import { buttonClass, fileInputClass, secondaryButtonClass, TableScroll, Th, Feedback } from "@/app/ui/table";
import { ENTITY_NAMES, type Entity } from "@/lib/roster/plan";

const entityLabel = (entity: string) => {
  const name = ENTITY_NAMES[entity as Entity] ?? entity;
  return name.charAt(0).toUpperCase() + name.slice(1);
};

export function RosterImport() {
  const [state, action, pending] = useActionState(rosterImportAction, null);
  const [files, setFiles] = useState<File[]>([]);
  const plan = state?.data?.plan;
  // Built by hand rather than by the form: React resets a form after its action, and
  // "Apply" must send the same files that were previewed.
  const submit = (apply: boolean) => {
    const form = new FormData();
    for (const f of files) form.append("files", f);
    form.set("apply", String(apply));
    startTransition(() => action(form));
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit(false);
      }}
      className="mt-4 space-y-4"
    >
      <div className="rounded-lg border border-slate-200 bg-white p-4">
        <label htmlFor="files" className="block text-sm font-medium">
          OneRoster files: users.csv, classes.csv, enrollments.csv (or one .zip)
        </label>
        <input
          id="files"
          name="files"
          type="file"
          multiple
          accept=".csv,.zip,text/csv,application/zip"
          required
          onChange={(e) => setFiles(Array.from(e.target.files ?? []))}
          className={fileInputClass}
        />
        <div className="mt-3 flex gap-2">
          <button type="submit" disabled={pending || files.length === 0} className={secondaryButtonClass}>
            {pending ? "Reading…" : "Preview changes"}
          </button>
          {state?.data?.stage === "preview" && (
            <button type="button" disabled={pending} onClick={() => submit(true)} className={buttonClass}>
              Apply all changes
            </button>
          )}
        </div>
      </div>
      <Feedback state={state} />
      {plan && plan.errors.length > 0 && (
        // A problem can quote a long unbroken value: it wraps, so the page keeps to a phone's width.
        <table className="w-full rounded-lg bg-white text-left text-sm break-words">
          <caption className="py-2 text-left font-semibold">Errors</caption>
          <thead className="bg-slate-100">
            <tr>
              <Th>File</Th>
              <Th>Line</Th>
              <Th>Problem</Th>
            </tr>
          </thead>
          <tbody>
            {plan.errors.map((e, i) => (
              <tr key={i} className="border-t border-slate-200">
                <td className="px-3 py-2">{e.file}</td>
                <td className="px-3 py-2">{e.line || "—"}</td>
                <td className="px-3 py-2 [overflow-wrap:anywhere]">{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {plan && plan.errors.length === 0 && (
        <>
          {/* Five columns of figures do not fit a phone: the table scrolls on its own (it holds no action). */}
          <TableScroll label="Changes by record type">
            <table className="w-full rounded-lg bg-white text-left text-sm">
              <caption className="py-2 text-left font-semibold">
                {state?.data?.stage === "applied" ? "Imported" : state?.data?.stage === "unchanged" ? "Unchanged" : "Would change"}
              </caption>
              <thead className="bg-slate-100">
                <tr>
                  <Th>Records</Th>
                  <Th>New</Th>
                  <Th>Changed</Th>
                  <Th>Removed</Th>
                  <Th>Unchanged</Th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(plan.summary).map(([entity, c]) => (
                  <tr key={entity} className="border-t border-slate-200">
                    <th scope="row" className="px-3 py-2 font-medium">
                      {entityLabel(entity)}
                    </th>
                    <td className="px-3 py-2">{c.new}</td>
                    <td className="px-3 py-2">{c.changed}</td>
                    <td className="px-3 py-2">{c.removed}</td>
                    <td className="px-3 py-2">{c.unchanged}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          {plan.changes.length > 0 && (
            <details className="rounded-lg bg-white p-3 text-sm">
              <summary className="cursor-pointer font-medium">All {plan.changes.length} changes</summary>
              <ul className="mt-2 max-h-96 overflow-auto [overflow-wrap:anywhere]">
                {plan.changes.map((c, i) => (
                  <li key={i}>
                    {c.kind} {c.entity}: {c.label}
                    {c.fields ? ` (${c.fields.join(", ")})` : ""}
                  </li>
                ))}
              </ul>
            </details>
          )}
          {plan.notices.length > 0 && (
            <ul className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" data-testid="import-notices">
              {plan.notices.map((n, i) => (
                <li key={i}>{n}</li>
              ))}
            </ul>
          )}
          <p className="text-sm text-slate-700">
            Removed students and classes are archived, not deleted; removed enrollments get an end date. Attendance history stays.
          </p>
        </>
      )}
    </form>
  );
}
