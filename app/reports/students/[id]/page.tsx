import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { percent, query, RangeForm } from "@/app/reports/report-ui";
import { StatusBadge } from "@/app/ui/status-badge";
import { EmptyState, TableScroll, tableClass, Th } from "@/app/ui/table";
import { CHRONIC_ABSENCE_RATE, chronicStatus, type Tally } from "@/lib/attendance/rates";
import { count } from "@/lib/text";
import { isAttended, METHOD_LABEL, STATUS_LABEL } from "@/lib/attendance/statuses";
import { STATUS_TONE } from "@/app/ui/status-badge";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";
import { rangeFromParams, studentReport, type HistoryEntry } from "@/lib/data/reports";
import { formatDay, localTime } from "@/lib/dates";
import { requireRole } from "@/app/current-user";
import { requestSettings } from "@/app/request-settings";
import { studentName } from "@/lib/names";
import { WEEKDAYS } from "@/lib/dates";

export const metadata: Metadata = { title: "Student report" };

const DAY_MS = 86_400_000;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Weeks (Monday first) covering the range, each a list of 7 dates; dates outside the range are null. */
function calendarWeeks(from: string, to: string): (string | null)[][] {
  const start = Date.parse(`${from}T12:00:00Z`);
  const end = Date.parse(`${to}T12:00:00Z`);
  const monday = start - ((new Date(start).getUTCDay() + 6) % 7) * DAY_MS;
  const weeks: (string | null)[][] = [];
  for (let w = monday; w <= end; w += 7 * DAY_MS) {
    weeks.push(
      Array.from({ length: 7 }, (_, i) => {
        const t = w + i * DAY_MS;
        return t < start || t > end ? null : isoDay(t);
      }),
    );
  }
  return weeks;
}

function Calendar({ from, to, history }: { from: string; to: string; history: HistoryEntry[] }) {
  const byDate = new Map<string, HistoryEntry[]>();
  for (const h of history) byDate.set(h.date, [...(byDate.get(h.date) ?? []), h]);
  return (
    <table className="mt-3 w-full table-fixed border-collapse bg-white text-xs" data-testid="calendar">
      <caption className="sr-only">Calendar of sessions; each day lists its classes and statuses</caption>
      <thead>
        <tr>
          {WEEKDAYS.map((d) => (
            <th key={d} scope="col" className="border border-slate-200 bg-slate-100 px-1 py-1">
              {d}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {calendarWeeks(from, to).map((week) => (
          <tr key={week.find(Boolean)}>
            {week.map((date, i) => (
              <td key={i} className={`h-14 border border-slate-200 px-1 py-1 align-top ${date ? "" : "bg-slate-50"}`}>
                {date && (
                  <>
                    <span className="text-slate-600">
                      {Number(date.slice(8))}
                      {date.endsWith("-01") || date === from ? ` ${formatDay(date).split(" ")[2]}` : ""}
                    </span>
                    {(byDate.get(date) ?? []).map((h, j) => (
                      <span
                        key={j}
                        title={`${h.classCode}: ${h.status ? STATUS_LABEL[h.status] : "not marked"}`}
                        className={`mt-0.5 block rounded px-1 break-words hyphens-auto ${h.status ? STATUS_TONE[h.status] : "bg-white text-slate-700 ring-1 ring-slate-300"}`}
                      >
                        {h.classCode}: {h.status ? STATUS_LABEL[h.status] : "not marked"}
                      </span>
                    ))}
                  </>
                )}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "yes (25.0% ≥ 10%)", "provisional: 100.0% of 1 session (flagged from 10)", or "no". */
function chronicLabel(tally: Tally, minMarked: number): string {
  const status = chronicStatus(tally, minMarked);
  if (status === "chronic") return `yes (${percent(tally.absenceRate)} ≥ ${CHRONIC_ABSENCE_RATE * 100}%)`;
  if (status === "provisional")
    return `provisional: ${percent(tally.absenceRate)} of ${count(tally.marked, "session")} (flagged from ${minMarked})`;
  return "no";
}

export default async function StudentReportPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ from?: string; to?: string }>;
}) {
  const user = await requireRole("TEACHER", "ADMIN");
  const { range, error } = await rangeFromParams(db, await searchParams, now());
  const report = await studentReport(db, user, (await params).id, range, now());
  if (!report) notFound();
  const settings = await requestSettings(db);
  const clock = settings.clock;
  const { student, tally, history } = report;
  const q = query(range);
  return (
    <>
      <p className="text-sm">
        <Link href={`/reports?${q}`} className="underline">
          Reports
        </Link>{" "}
        /
      </p>
      <h1 className="mt-1 text-2xl font-semibold">
        {studentName(student)} <span className="text-base font-normal text-slate-600">{student.identifier}</span>
      </h1>
      <RangeForm range={range} error={error} />
      <dl className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6" data-testid="student-summary">
        {[
          ["Sessions marked", String(tally.marked)],
          ["Attendance rate", percent(tally.attendanceRate)],
          ["Tardies", String(tally.tardy)],
          ["Excused absences", String(tally.excused)],
          ["Unexcused absences", String(tally.unexcused)],
          ["Chronic absence", chronicLabel(tally, settings.chronicMinSessions)],
        ].map(([k, v]) => (
          <div key={k} className="rounded-lg border border-slate-200 bg-white p-3">
            <dt className="text-sm text-slate-700">{k}</dt>
            <dd className="text-xl font-semibold">{v}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-3 text-sm">
        <a className="underline" href={`/reports/students/${student.id}/export?${q}`}>
          History (CSV)
        </a>
      </p>
      {history.length === 0 ? (
        <EmptyState>No sessions in this range.</EmptyState>
      ) : (
        <>
          <h2 className="mt-6 text-xl font-semibold">Calendar</h2>
          <Calendar from={range.from} to={range.to} history={history} />
          <h2 className="mt-6 text-xl font-semibold">History</h2>
          <TableScroll>
            <table className={tableClass}>
              <thead className="bg-slate-100">
                <tr>
                  <Th>Date</Th>
                  <Th>Class</Th>
                  <Th>Status</Th>
                  <Th>Time</Th>
                  <Th>How</Th>
                  <Th>Note</Th>
                </tr>
              </thead>
              <tbody>
                {history.map((h, i) => (
                  <tr key={i} className="border-t border-slate-200">
                    <td className="px-3 py-2">
                      {formatDay(h.date)} {localTime(new Date(h.startsAt), clock)}
                    </td>
                    <td className="px-3 py-2">{h.classCode}</td>
                    <td className="px-3 py-2">
                      {h.status ? <StatusBadge status={h.status} /> : "not marked"}
                      {!h.counted && <span className="ml-1 text-xs text-slate-600">(outside enrollment: not counted)</span>}
                    </td>
                    <td className="px-3 py-2">
                      {h.markedAt && h.method !== "SYSTEM" && h.status && isAttended(h.status)
                        ? localTime(new Date(h.markedAt), clock)
                        : "—"}
                    </td>
                    <td className="px-3 py-2">{h.method ? METHOD_LABEL[h.method] : "—"}</td>
                    <td className="px-3 py-2">{h.note ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
    </>
  );
}
