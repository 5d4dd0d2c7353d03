import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RateChart } from "@/app/reports/classes/[id]/rate-chart";
import { percent, query, RangeForm, TallyCells, TallyHeaders } from "@/app/reports/report-ui";
import { EmptyState, TableScroll, tableClass, Th } from "@/app/ui/table";
import { chronicStatus, type Tally } from "@/lib/attendance/rates";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";
import { classReport, rangeFromParams } from "@/lib/data/reports";
import { formatDay } from "@/lib/dates";
import { requireRole } from "@/app/current-user";
import { studentName } from "@/lib/names";
import { requestSettings } from "@/app/request-settings";
import { count } from "@/lib/text";

export const metadata: Metadata = { title: "Class report" };

/** Chronic absence as the class report shows it: flagged, provisional (too few sessions), or no. */
function ChronicCell({ tally, minMarked }: { tally: Tally; minMarked: number }) {
  const status = chronicStatus(tally, minMarked);
  if (status === "chronic")
    return (
      <span className="rounded bg-red-100 px-2 py-0.5 text-sm font-medium text-red-900">yes, {percent(tally.absenceRate)} absent</span>
    );
  if (status === "provisional")
    return (
      <span title={`Flagged from ${minMarked} marked sessions`}>
        provisional, {percent(tally.absenceRate)} of {count(tally.marked, "session")}
      </span>
    );
  return <>no</>;
}

export default async function ClassReportPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ from?: string; to?: string }>;
}) {
  const user = await requireRole("TEACHER", "ADMIN");
  const { range, error } = await rangeFromParams(db, await searchParams, now());
  const report = await classReport(db, user, (await params).id, range);
  if (!report) notFound();
  const settings = await requestSettings(db);
  const q = query(range);
  const { klass, daily, students, total } = report;
  return (
    <>
      <p className="text-sm">
        <Link href={`/reports?${q}`} className="underline">
          Reports
        </Link>{" "}
        /
      </p>
      <h1 className="mt-1 text-2xl font-semibold">
        {klass.code} {klass.title}: attendance {range.from} to {range.to}
      </h1>
      <RangeForm range={range} error={error} />
      <p className="mt-4 text-slate-800" data-testid="class-total">
        {count(
          daily.reduce((n, d) => n + d.sessionsHeld, 0),
          "session",
        )}{" "}
        held · attendance rate {percent(total.attendanceRate)} · {total.tardy} tardies · {total.absences} absences ({total.excused}{" "}
        excused).
      </p>
      <p className="mt-2 flex flex-wrap gap-4 text-sm">
        <a className="underline" href={`/reports/classes/${klass.id}/export?part=daily&${q}`}>
          Daily figures (CSV)
        </a>
        <a className="underline" href={`/reports/classes/${klass.id}/export?part=students&${q}`}>
          Per student (CSV)
        </a>
        <a className="underline" href={`/reports/export/attendance?${query({ ...range, class: klass.code })}`}>
          Attendance records (CSV, Ed-Fi)
        </a>
      </p>
      {daily.length === 0 ? (
        <EmptyState>No sessions of this class in this range.</EmptyState>
      ) : (
        <>
          <RateChart points={daily.map((d) => ({ date: d.date, rate: d.attendanceRate }))} />
          <h2 className="mt-6 text-xl font-semibold">By day</h2>
          <TableScroll>
            <table className={tableClass} data-testid="daily-table">
              <thead className="bg-slate-100">
                <tr>
                  <Th>Date</Th>
                  <Th numeric>Sessions</Th>
                  <TallyHeaders />
                  <Th numeric>Not marked</Th>
                </tr>
              </thead>
              <tbody>
                {daily.map((d) => (
                  <tr key={d.date} className="border-t border-slate-200">
                    <td className="px-3 py-2">{formatDay(d.date)}</td>
                    <td className="px-3 py-2 text-right">{d.sessionsHeld}</td>
                    <TallyCells t={d} />
                    <td className="px-3 py-2 text-right">{d.unmarked}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
      <h2 className="mt-8 text-xl font-semibold">By student</h2>
      {students.length === 0 ? (
        <EmptyState>No enrolled students had sessions in this range.</EmptyState>
      ) : (
        <TableScroll>
          <table className={tableClass} data-testid="student-table">
            <thead className="bg-slate-100">
              <tr>
                <Th>Student</Th>
                <TallyHeaders />
                <Th>Chronic absence</Th>
              </tr>
            </thead>
            <tbody>
              {students.map(({ student, tally }) => (
                <tr key={student.id} className="border-t border-slate-200">
                  <td className="px-3 py-2">
                    <Link href={`/reports/students/${student.id}?${q}`} className="text-brand-700 underline">
                      {studentName(student)}
                    </Link>{" "}
                    <span className="text-slate-600">{student.identifier}</span>
                  </td>
                  <TallyCells t={tally} />
                  <td className="px-3 py-2">
                    <ChronicCell tally={tally} minMarked={settings.chronicMinSessions} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
