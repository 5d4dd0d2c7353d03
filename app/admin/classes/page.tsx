import type { Metadata } from "next";
import Link from "next/link";
import { createClassAction, importMeetingsAction } from "@/app/admin/classes/actions";
import { ActionForm } from "@/app/ui/action-form";
import { EmptyState, TableScroll, buttonClass, fileInputClass, inputClass, tableClass, Th } from "@/app/ui/table";
import { db } from "@/lib/db";
import { formatMeeting } from "@/lib/classes/schedule";
import { requireRole } from "@/app/current-user";
import { requestSettings } from "@/app/request-settings";
import { classesByStatus } from "@/lib/data/classes";

export const metadata: Metadata = { title: "Classes" };

export default async function ClassesPage({ searchParams }: { searchParams: Promise<{ archived?: string }> }) {
  await requireRole("ADMIN");
  const archived = (await searchParams).archived === "1";
  const [classes, settings] = await Promise.all([classesByStatus(db, archived), requestSettings(db)]);
  return (
    <>
      <h1 className="text-2xl font-semibold">{archived ? "Archived classes" : "Classes"}</h1>
      <p className="mt-1 text-sm">
        <Link className="underline" href={archived ? "/admin/classes" : "/admin/classes?archived=1"}>
          {archived ? "Show active classes" : "Show archived classes"}
        </Link>
      </p>
      {classes.length === 0 ? (
        <EmptyState>{archived ? "No archived classes." : "No classes yet. Import your roster, or create a class below."}</EmptyState>
      ) : (
        <TableScroll>
          <table className={tableClass}>
            <thead className="bg-slate-100">
              <tr>
                <Th>Code</Th>
                <Th>Title</Th>
                <Th>Room</Th>
                <Th>Teachers</Th>
                <Th>Schedule</Th>
                <Th numeric>Students</Th>
              </tr>
            </thead>
            <tbody>
              {classes.map((c) => (
                <tr key={c.id} className="border-t border-slate-200">
                  <td className="px-3 py-2">
                    <Link href={`/admin/classes/${c.id}`} className="font-medium text-brand-700 hover:underline">
                      {c.code}
                    </Link>
                  </td>
                  <td className="px-3 py-2">{c.title}</td>
                  <td className="px-3 py-2">{c.room ?? "—"}</td>
                  <td className="px-3 py-2">
                    {c.teachers.map((t) => t.user.name).join(", ") || <span className="text-amber-800">none</span>}
                  </td>
                  <td className="px-3 py-2">
                    {c.meetings.map((m) => formatMeeting(m, settings.clock.hour12)).join(", ") || (
                      <span className="text-amber-800">no schedule</span>
                    )}
                  </td>
                  <td className="px-3 py-2 text-right">{c._count.enrollments}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <section className="mt-8 max-w-xl">
        <h2 className="text-lg font-semibold">Create a class</h2>
        <ActionForm action={createClassAction} className="mt-3 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2">
          <div>
            <label htmlFor="code" className="block text-sm font-medium">
              Code
            </label>
            <input id="code" name="code" required placeholder="MATH-7B" className={inputClass} />
          </div>
          <div>
            <label htmlFor="title" className="block text-sm font-medium">
              Title
            </label>
            <input id="title" name="title" required className={inputClass} />
          </div>
          <div>
            <label htmlFor="room" className="block text-sm font-medium">
              Room (optional)
            </label>
            <input id="room" name="room" className={inputClass} />
          </div>
          <div>
            <label htmlFor="tardyMinutes" className="block text-sm font-medium">
              Minutes until tardy (blank: school default)
            </label>
            <input id="tardyMinutes" name="tardyMinutes" type="number" min={0} max={240} className={inputClass} />
          </div>
          <div>
            <button type="submit" className={buttonClass}>
              Create class
            </button>
          </div>
        </ActionForm>
      </section>
      <section aria-labelledby="meetings-csv-h" className="mt-8 max-w-xl">
        <h2 id="meetings-csv-h" className="text-lg font-semibold">
          Import meeting times
        </h2>
        <p className="mt-1 text-sm text-slate-700">
          A CSV file with the header <code>classCode,weekdays,start,end</code> and one row per class and time, e.g.{" "}
          <code>MATH-7B,Mon-Fri,08:00,08:50</code> or <code>ART-8B,&quot;Tue,Thu&quot;,10:00,11:30</code>, in the school&apos;s time zone.
          Meetings already in the schedule are skipped; any error imports nothing and lists the lines to fix.
        </p>
        <ActionForm
          action={importMeetingsAction}
          className="mt-3 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4"
        >
          <div className="min-w-0 flex-1">
            <label htmlFor="meetings-file" className="block text-sm font-medium">
              Meeting times (CSV)
            </label>
            <input id="meetings-file" name="file" type="file" accept=".csv,text/csv" required className={fileInputClass} />
          </div>
          <button type="submit" className={buttonClass}>
            Import meeting times
          </button>
        </ActionForm>
      </section>
    </>
  );
}
