import type { Metadata } from "next";
import Link from "next/link";
import { AddStudentForm } from "@/app/admin/students/student-forms";
import { EmptyState, Pagination, SortHeader, tableClass, inputClass, secondaryButtonClass, TableScroll, Th } from "@/app/ui/table";
import { db } from "@/lib/db";
import { listStudents, PAGE_SIZE } from "@/lib/data/students";
import { studentListQuery } from "@/lib/validations/student";
import { requireRole } from "@/app/current-user";
import { now } from "@/lib/clock";
import { reasonsText } from "@/lib/matching/photo-health";
import { requestSettings } from "@/app/request-settings";
import { studentSortName } from "@/lib/names";
import { classOptions } from "@/lib/data/classes";

export const metadata: Metadata = { title: "Students" };

/** A labelled select of the filter bar; options are [value, label] pairs. */
function FilterSelect({ name, label, value, options }: { name: string; label: string; value?: string; options: [string, string][] }) {
  return (
    <div>
      <label htmlFor={name} className="block text-sm font-medium">
        {label}
      </label>
      <select id={name} name={name} defaultValue={value ?? ""} className={inputClass}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

const CONSENT_LABEL = { NONE: "none", GRANTED: "granted", WITHDRAWN: "withdrawn" } as const;

export default async function StudentsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requireRole("ADMIN");
  const raw = await searchParams;
  const query = studentListQuery.parse(raw);
  const params = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, v === undefined ? undefined : String(v)]));
  const settings = await requestSettings(db);
  const at = now();
  const [{ rows, total, page }, classes] = await Promise.all([listStudents(db, query, { settings, at }), classOptions(db)]);
  const filtered = Boolean(query.q || query.class || query.consent || query.faces || query.status);
  return (
    <>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <h1 className="text-2xl font-semibold">Students</h1>
        <div className="flex gap-2 text-sm">
          <Link href="/admin/import" className={secondaryButtonClass}>
            Import roster
          </Link>
          <Link href="/admin/photos" className={secondaryButtonClass}>
            Bulk photos
          </Link>
          <Link href="/admin/consent" className={secondaryButtonClass}>
            Consent
          </Link>
          {/* Everyone the one "needs a new photo" rule names, with why: for photo day. */}
          <a href="/admin/students/reshoot" download className={secondaryButtonClass}>
            Re-shoot list (CSV)
          </a>
        </div>
      </div>
      <form
        role="search"
        className="mt-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3"
        action="/admin/students"
      >
        <div>
          <label htmlFor="q" className="block text-sm font-medium">
            Search
          </label>
          <input id="q" name="q" defaultValue={query.q} placeholder="Name or identifier" className={inputClass} />
        </div>
        <FilterSelect
          name="class"
          label="Class"
          value={query.class}
          options={[["", "All classes"], ...classes.map((c): [string, string] => [c.id, c.code])]}
        />
        <FilterSelect
          name="consent"
          label="Consent"
          value={query.consent}
          options={[
            ["", "Any"],
            ["GRANTED", "Granted"],
            ["WITHOUT", "Without consent (none or withdrawn)"],
            ["NONE", "None recorded"],
            ["WITHDRAWN", "Withdrawn"],
          ]}
        />
        <FilterSelect
          name="faces"
          label="Enrolled face"
          value={query.faces}
          options={[
            ["", "Any"],
            ["with", "With face"],
            ["without", "Without face"],
            ["needs-new", "Needs a new photo"],
          ]}
        />
        <FilterSelect
          name="status"
          label="Status"
          value={query.status}
          options={[
            ["", "Active"],
            ["ARCHIVED", "Archived"],
          ]}
        />
        <button type="submit" className={secondaryButtonClass}>
          Apply
        </button>
        {filtered && (
          <Link href="/admin/students" className="text-sm underline">
            Clear
          </Link>
        )}
      </form>

      {rows.length === 0 ? (
        <EmptyState>
          {filtered ? "No student matches these filters." : "No students yet. Import your roster or add a student below."}
        </EmptyState>
      ) : (
        <TableScroll>
          <table className={tableClass}>
            <thead className="bg-slate-100">
              <tr>
                <SortHeader label="Name" sortKey="name" params={params} basePath="/admin/students" />
                <SortHeader label="Identifier" sortKey="identifier" params={params} basePath="/admin/students" />
                <Th>Classes</Th>
                <SortHeader label="Consent" sortKey="consent" params={params} basePath="/admin/students" />
                <SortHeader label="Photos" sortKey="photos" params={params} basePath="/admin/students" />
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={s.id} className="border-t border-slate-200">
                  <td className="px-3 py-2">
                    <Link href={`/admin/students/${s.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
                      {studentSortName(s)}
                    </Link>
                  </td>
                  <td className="px-3 py-2">{s.identifier}</td>
                  <td className="px-3 py-2">{s.enrollments.map((e) => e.class.code).join(", ") || "—"}</td>
                  <td className="px-3 py-2">{CONSENT_LABEL[s.consentStatus]}</td>
                  <td className="px-3 py-2">
                    {s._count.photos}
                    {s.photoReasons.length > 0 && (
                      <span className="block text-sm text-amber-900" data-testid="photo-note">
                        needs a new photo: {reasonsText(s.photoReasons)}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <Pagination page={page} pageSize={PAGE_SIZE} total={total} params={params} basePath="/admin/students" />
      <section className="mt-8 max-w-xl">
        <h2 className="text-lg font-semibold">Add a student</h2>
        <AddStudentForm />
      </section>
    </>
  );
}
