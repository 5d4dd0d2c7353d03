"use client";

import { useActionState } from "react";
import { bulkConsentAction } from "@/app/admin/consent/actions";
import { Feedback, buttonClass, fileInputClass, inputClass } from "@/app/ui/table";
import { count } from "@/lib/text";

export function BulkConsent() {
  const [state, action, pending] = useActionState(bulkConsentAction, null);
  return (
    <form
      action={action}
      onSubmit={(e) => {
        const to = new FormData(e.currentTarget).get("consent");
        if (to === "WITHDRAWN" && !confirm("Withdraw consent for everyone in the file? Their photos and face templates are deleted now."))
          e.preventDefault();
      }}
      className="mt-3 space-y-3 rounded-lg border border-slate-200 bg-white p-4"
    >
      <div>
        <label htmlFor="consent-file" className="block text-sm font-medium">
          CSV of students (an &quot;identifier&quot; or &quot;sourcedId&quot; column, or identifiers in the first column)
        </label>
        <input id="consent-file" name="file" type="file" accept=".csv,text/csv" required className={fileInputClass} />
      </div>
      <div>
        <label htmlFor="consent-to" className="block text-sm font-medium">
          Record
        </label>
        <select id="consent-to" name="consent" className={inputClass} defaultValue="GRANTED">
          <option value="GRANTED">Consent granted</option>
          <option value="WITHDRAWN">Consent withdrawn (deletes photos and templates)</option>
        </select>
      </div>
      <button type="submit" disabled={pending} className={buttonClass}>
        {pending ? "Recording…" : "Record consent"}
      </button>
      <Feedback state={state} />
      {state?.data?.changes && (
        <ul className="max-h-64 overflow-auto text-sm">
          {state.data.changes.map((c) => (
            <li key={c.identifier}>
              {c.identifier} {c.name}: {c.changed ? `${c.from.toLowerCase()} → ${c.to.toLowerCase()}` : `already ${c.to.toLowerCase()}`}
              {c.photosDeleted + c.templatesDeleted > 0 &&
                ` (deleted ${count(c.photosDeleted, "photo")}, ${count(c.templatesDeleted, "template")})`}
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
