import type { Metadata } from "next";
import { ClassConsent } from "@/app/admin/consent/class-consent";
import { ConsentImport } from "@/app/admin/consent/consent-import";
import { inputClass, secondaryButtonClass } from "@/app/ui/table";
import { db } from "@/lib/db";
import { requireRole } from "@/app/current-user";
import { consentCounts } from "@/lib/data/students";
import { classOptions } from "@/lib/data/classes";
import { requestSettings } from "@/app/request-settings";
import { classConsentList } from "@/lib/consent/reads";
import { now } from "@/lib/clock";
import { localDate } from "@/lib/dates";

export const metadata: Metadata = { title: "Consent" };

export default async function ConsentPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole("ADMIN");
  const { class: classParam } = await searchParams;
  const [counts, classes, settings] = await Promise.all([consentCounts(db), classOptions(db), requestSettings(db)]);
  const chosen = classes.find((c) => c.id === classParam);
  const students = chosen ? await classConsentList(db, chosen.id, localDate(now(), settings.timeZone)) : [];
  return (
    <>
      <h1 className="text-2xl font-semibold">Consent</h1>
      <p className="mt-1 max-w-2xl text-slate-700">
        No photo of a student is processed or stored without consent. Withdrawing consent deletes the student&apos;s photos and face
        templates at once.
      </p>
      <p className="mt-3">
        Active students: {counts.GRANTED} granted, {counts.NONE} none recorded, {counts.WITHDRAWN} withdrawn.
      </p>
      <p className="mt-2">
        <a href="/admin/consent/export" className="font-medium text-brand-700 underline">
          Download the consent list (CSV)
        </a>
      </p>

      <section aria-labelledby="class-h" className="mt-6 max-w-2xl">
        <h2 id="class-h" className="text-lg font-semibold">
          Record consent for a class
        </h2>
        <form action="/admin/consent" className="mt-2 flex flex-wrap items-end gap-2">
          <div className="min-w-0 flex-1">
            <label htmlFor="class" className="block text-sm font-medium">
              Class
            </label>
            <select id="class" name="class" defaultValue={chosen?.id ?? ""} className={inputClass}>
              <option value="">Choose a class</option>
              {classes.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.code} {c.title}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className={secondaryButtonClass}>
            Show students
          </button>
        </form>
        {chosen && <ClassConsent key={chosen.id} classCode={chosen.code} students={students} />}
      </section>

      <section aria-labelledby="file-h" className="mt-8 max-w-2xl">
        <h2 id="file-h" className="text-lg font-semibold">
          Record consent from a file
        </h2>
        <p className="mt-1 text-sm text-slate-700">
          Download the consent list, set each student&apos;s <code>consent</code> cell to granted, withdrawn or none, and upload it: you see
          every change before anything is recorded. <code>none</code> never changes a student. From the command line:{" "}
          <code>npm run cli -- consent import &lt;file&gt;</code>.
        </p>
        <ConsentImport />
      </section>
    </>
  );
}
