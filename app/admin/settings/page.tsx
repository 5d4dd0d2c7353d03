import type { Metadata } from "next";
import { ActionForm } from "@/app/ui/action-form";
import { Field } from "@/app/ui/field";
import { buttonClass, EmptyState, fileInputClass, inputClass, secondaryButtonClass } from "@/app/ui/table";
import { requireRole } from "@/app/current-user";
import { requestSettings } from "@/app/request-settings";
import { db } from "@/lib/db";
import { now } from "@/lib/clock";
import { localDate, timeZoneChoices } from "@/lib/dates";
import { closureDays, closuresFrom } from "@/lib/calendar";
import { addClosureAction, importClosuresAction, removeClosureAction, schoolSettingsAction } from "./actions";
import { TimeZoneField } from "./time-zone-field";

export const metadata: Metadata = { title: "School" };

export default async function SchoolSettingsPage() {
  await requireRole("ADMIN");
  const settings = await requestSettings(db);
  const today = localDate(now(), settings.timeZone);
  const closures = await closuresFrom(db, today);
  const zones = timeZoneChoices(Intl.supportedValuesOf("timeZone"), settings.timeZone);
  return (
    <>
      <h1 className="text-2xl font-semibold">School</h1>
      <section aria-labelledby="school-h" className="mt-6 max-w-xl">
        <h2 id="school-h" className="text-lg font-semibold">
          Name, time zone and tardiness
        </h2>
        <ActionForm action={schoolSettingsAction} className="mt-3 grid gap-3 rounded-lg border border-slate-200 bg-white p-4">
          <Field id="name" label="School name" hint="Families see it in every email.">
            <input id="name" name="name" required defaultValue={settings.name} aria-describedby="name-hint" className={inputClass} />
          </Field>
          <Field
            id="timeZone"
            label="Time zone"
            hint="Class meetings, tardiness, kiosk clocks, reports and notices all read the time here. Sessions already held keep their times."
          >
            {/* Keyed by the saved values: the form's reset after a save goes back to what was saved,
                not to what the page first loaded with (a later save would silently undo the change). */}
            <TimeZoneField key={settings.timeZone} zones={zones} current={settings.timeZone} />
          </Field>
          <Field
            id="timeFormat"
            label="Times are written"
            hint="On every page, kiosk and email (exports keep 24-hour times, as Ed-Fi asks)."
          >
            <select
              key={settings.timeFormat}
              id="timeFormat"
              name="timeFormat"
              defaultValue={settings.timeFormat}
              aria-describedby="timeFormat-hint"
              className={inputClass}
            >
              <option value="24h">24-hour (15:30)</option>
              <option value="12h">12-hour (3:30 PM)</option>
            </select>
          </Field>
          <Field
            id="defaultTardyMinutes"
            label="Minutes after the start until a student is tardy"
            hint="For classes that do not set their own."
          >
            <input
              id="defaultTardyMinutes"
              name="defaultTardyMinutes"
              type="number"
              min={0}
              max={60}
              required
              defaultValue={settings.defaultTardyMinutes}
              aria-describedby="defaultTardyMinutes-hint"
              className={inputClass}
            />
          </Field>
          <div>
            <button type="submit" className={buttonClass}>
              Save school settings
            </button>
          </div>
        </ActionForm>
      </section>

      <section aria-labelledby="calendar-h" className="mt-8 max-w-3xl">
        <h2 id="calendar-h" className="text-lg font-semibold">
          Days without school
        </h2>
        <p className="mt-1 text-sm text-slate-700">
          Holidays, breaks and closures. On these days no session opens from the timetable, kiosks say there is no school, and nobody is
          marked absent.
        </p>
        {closures.length === 0 ? (
          <EmptyState>No days without school from today on. Add holidays below, or import the year&apos;s calendar.</EmptyState>
        ) : (
          <ul className="mt-3 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" aria-label="Days without school">
            {closures.map((c) => (
              <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-2" data-testid="closure">
                <span>
                  <span className="font-medium">{c.reason}</span>: {closureDays(c)}
                </span>
                <ActionForm action={removeClosureAction} confirm={`Make ${closureDays(c)} school days again?`}>
                  <input type="hidden" name="closureId" value={c.id} />
                  <button type="submit" className={secondaryButtonClass}>
                    Remove<span className="sr-only"> {c.reason}</span>
                  </button>
                </ActionForm>
              </li>
            ))}
          </ul>
        )}
        <ActionForm action={addClosureAction} className="mt-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-3">
          <Field id="startDate" label="First day">
            <input id="startDate" name="startDate" type="date" required className={inputClass} />
          </Field>
          <Field id="endDate" label="Last day (blank: one day)">
            <input id="endDate" name="endDate" type="date" className={inputClass} />
          </Field>
          <Field id="reason" label="Reason">
            <input id="reason" name="reason" required placeholder="Thanksgiving" maxLength={100} className={inputClass} />
          </Field>
          <div>
            <button type="submit" className={buttonClass}>
              Add days without school
            </button>
          </div>
        </ActionForm>
        <ActionForm
          action={importClosuresAction}
          className="mt-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4"
        >
          <Field
            id="closures-file"
            label="Calendar (CSV)"
            hint="One line per day (2026-11-26,Thanksgiving) or range (2026-12-21,2027-01-01,Winter break); a header line is optional. Any error adds nothing and lists the lines to fix; days already listed are skipped."
            className="min-w-0 flex-1"
          >
            <input
              id="closures-file"
              name="file"
              type="file"
              accept=".csv,text/csv"
              required
              aria-describedby="closures-file-hint"
              className={fileInputClass}
            />
          </Field>
          <button type="submit" className={buttonClass}>
            Import calendar
          </button>
        </ActionForm>
      </section>
    </>
  );
}
