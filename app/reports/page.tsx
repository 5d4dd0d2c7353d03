import type { Metadata } from "next";
import Link from "next/link";
import { percent, query, RangeForm, TallyCells, TallyHeaders } from "@/app/reports/report-ui";
import { EmptyState, TableScroll, tableClass, Th } from "@/app/ui/table";
import { CHRONIC_ABSENCE_RATE } from "@/lib/attendance/rates";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";
import { chronicAbsence, classesOverview, rangeFromParams } from "@/lib/data/reports";
import { requireRole } from "@/app/current-user";
import { studentName } from "@/lib/names";

export const metadata: Metadata = { title: "Reports" };

export default async function ReportsPage({ searchParams }: { searchParams: Promise<{ from?: string; to?: string }> }) {
  const user = await requireRole("TEACHER", "ADMIN");
  const { range, error } = await rangeFromParams(db, await searchParams, now());
  const [classes, chronic] = await Promise.all([classesOverview(db, user, range), chronicAbsence(db, user, range)]);
  const q = query(range);
  return (
    <>
      <h1 className="text-2xl font-semibold">Reports{user.role === "ADMIN" ? ": whole school" : ": my classes"}</h1>
      <RangeForm range={range} error={error} />

      <section aria-labelledby="export-h" className="mt-6 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="export-h" className="text-lg font-semibold">
          Export
        </h2>
        <ul className="mt-2 list-disc pl-6 text-sm">
          <li>
            <a className="underline" href={`/reports/export/attendance?${q}`}>
              Attendance records, {range.from} to {range.to} (CSV, Ed-Fi categories)
            </a>
            : one row per student and session, for the school information system.
          </li>
          <li>
            <a className="underline" href={`/reports/export/chronic?${q}`}>
              Chronic absence list (CSV)
            </a>
          </li>
        </ul>
      </section>

      <section aria-labelledby="classes-h" className="mt-6">
        <h2 id="classes-h" className="text-xl font-semibold">
          Classes
        </h2>
        {classes.length === 0 ? (
          <EmptyState>No classes to report on.</EmptyState>
        ) : (
          <TableScroll>
            <table className={tableClass}>
              <thead className="bg-slate-100">
                <tr>
                  <Th>Class</Th>
                  <Th numeric>Sessions held</Th>
                  <TallyHeaders />
                </tr>
              </thead>
              <tbody>
                {classes.map((c) => (
                  <tr key={c.id} className="border-t border-slate-200">
                    <td className="px-3 py-2">
                      <Link href={`/reports/classes/${c.id}?${q}`} className="font-medium text-brand-700 underline">
                        {c.code}
                      </Link>{" "}
                      {c.title}
                    </td>
                    <td className="px-3 py-2 text-right">{c.sessionsHeld}</td>
                    <TallyCells t={c.total} />
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>

      <section aria-labelledby="chronic-h" className="mt-8">
        <h2 id="chronic-h" className="text-xl font-semibold">
          Chronic absence
        </h2>
        <p className="mt-1 max-w-3xl text-sm text-slate-700">
          Students absent from {CHRONIC_ABSENCE_RATE * 100}% or more of their marked sessions in this range
          {user.role === "ADMIN" ? "" : " (sessions of your classes only)"}. Excused and unexcused absences both count, as in the common
          definition: it measures missed instruction. Tardy and early departure count as attended. Sessions before a student enrolled or
          after they left do not count.
        </p>
        {chronic.length === 0 ? (
          <EmptyState>No student is chronically absent in this range.</EmptyState>
        ) : (
          <TableScroll>
            <table className={tableClass} data-testid="chronic-table">
              <thead className="bg-slate-100">
                <tr>
                  <Th>Student</Th>
                  <Th>Classes</Th>
                  <Th numeric>Sessions marked</Th>
                  <Th numeric>Absences (excused / unexcused)</Th>
                  <Th numeric>Absence rate</Th>
                </tr>
              </thead>
              <tbody>
                {chronic.map((e) => (
                  <tr key={e.student.id} className="border-t border-slate-200">
                    <td className="px-3 py-2">
                      <Link href={`/reports/students/${e.student.id}?${q}`} className="text-brand-700 underline">
                        {studentName(e.student)}
                      </Link>{" "}
                      <span className="text-slate-600">{e.student.identifier}</span>
                    </td>
                    <td className="px-3 py-2">{e.classes.join(", ")}</td>
                    <td className="px-3 py-2 text-right">{e.tally.marked}</td>
                    <td className="px-3 py-2 text-right">
                      {e.tally.absences} ({e.tally.excused} / {e.tally.unexcused})
                    </td>
                    <td className="px-3 py-2 text-right font-medium">{percent(e.tally.absenceRate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
    </>
  );
}
