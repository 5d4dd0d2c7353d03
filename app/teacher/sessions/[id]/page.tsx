import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { BulkActions, RefreshWhileOpen, StatusChange, TickBox } from "@/app/teacher/sessions/[id]/session-forms";
import { StatusBadge } from "@/app/ui/status-badge";
import { DataTable } from "@/app/ui/data-table";
import { closeDueSessions } from "@/lib/attendance/closing";
import { sessionReview, type ReviewRow } from "@/lib/data/session-review";
import { methodLabel, STATUS_LABEL } from "@/lib/attendance/statuses";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";
import { formatDay, localDate, localTime } from "@/lib/dates";
import { currentUser, requireRole } from "@/app/current-user";
import { count } from "@/lib/text";
import { requestSettings } from "@/app/request-settings";
import { sessionTitle } from "@/lib/data/session-review";

/** The class and time in the title: a teacher with several tabs open tells them apart. */
export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const user = await currentUser();
  const title = user && (await sessionTitle(db, user, (await params).id));
  return { title: title ? `Session: ${title}` : "Session" };
}

function How({ row }: { row: ReviewRow }) {
  if (!row.method) return <>—</>;
  const late = row.syncedLate && (
    <span data-testid="synced-late" className="ml-1 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-800">
      {row.syncedLate}
    </span>
  );
  const afterClose = row.afterClose && (
    <span data-testid="after-close" className="ml-1 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">
      after close
    </span>
  );
  if (row.method !== "FACE")
    return (
      <>
        {methodLabel(
          row.method,
          false,
          row.changes.some((c) => c.from !== null),
        )}
        {late}
        {afterClose}
      </>
    );
  return (
    <>
      {methodLabel(row.method, row.headTurn)}
      {late}
      {afterClose}{" "}
      <span
        className={`rounded px-1.5 py-0.5 text-xs font-medium ${row.confidence === "high" ? "bg-green-100 text-green-900" : "bg-amber-100 text-amber-900"}`}
      >
        {row.confidence === "high" ? "high confidence" : "borderline: check"}
      </span>
    </>
  );
}

function Photo({ row }: { row: ReviewRow }) {
  return row.photoId ? (
    // eslint-disable-next-line @next/next/no-img-element
    <img
      src={`/teacher/photos/${row.photoId}`}
      alt={`Enrolled photo of ${row.name}`}
      width={48}
      height={48}
      className="h-12 w-12 rounded object-cover"
    />
  ) : (
    <span className="inline-flex h-12 w-12 items-center justify-center rounded bg-slate-100 text-xs text-slate-600">no photo</span>
  );
}

export default async function SessionPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireRole("TEACHER", "ADMIN");
  const at = now();
  // Sessions close at the end of their period; do it now if the minute timer has not yet.
  await closeDueSessions(db, at);
  const review = await sessionReview(db, user, (await params).id);
  if (!review) notFound();
  const settings = await requestSettings(db);
  const tz = settings.timeZone;
  const clock = settings.clock;
  const { session, klass, rows, counts, notInClassAttempts, overlapping, batches } = review;
  const lastBatch = batches.at(-1);
  const t = (iso: string) => localTime(new Date(iso), clock);
  const open = session.status === "OPEN";
  /** A row's changes, one line each: listed in the row, and in the correction sheet on a phone. */
  const history = (r: ReviewRow) =>
    r.changes.map(
      (c) =>
        `${formatDay(localDate(new Date(c.at), tz))} ${t(c.at)}, ${c.by}: ${c.from ? `${STATUS_LABEL[c.from]} → ` : ""}${STATUS_LABEL[c.to]}${c.reason ? `. Reason: ${c.reason}` : ""}`,
    );
  return (
    <>
      <p className="text-sm">
        <Link href="/teacher" className="underline">
          My classes
        </Link>{" "}
        / {klass.code}
      </p>
      <h1 className="mt-1 text-2xl font-semibold">
        {klass.code} {klass.title}: {formatDay(session.date)}, {t(session.startsAt)}–{t(session.endsAt)}
      </h1>
      <p className="mt-1 text-slate-700" role="status" data-testid="session-summary">
        {open ? "Open" : `Closed at ${t(session.closedAt!)}`} · Present {counts.present} · Tardy {counts.tardy} · Absent {counts.absent}
        {counts.other ? ` · Early departure ${counts.other}` : ""} · Not yet marked {counts.unmarked} · {counts.total} students. Tardy from{" "}
        {t(session.tardyAt)}.
      </p>
      {overlapping.length > 0 && (
        <p className="mt-1 text-amber-900" role="note" data-testid="overlapping-sessions">
          Some of these students are in another open session now:{" "}
          {overlapping.map((o) => `${o.code} ${o.title} (${count(o.students, "student")})`).join(", ")}. A kiosk marks a student in the
          session of the class it serves; check that they are where you expect.
        </p>
      )}
      {notInClassAttempts > 0 && (
        <p className="mt-1 text-amber-900" data-testid="not-in-class">
          {notInClassAttempts === 1 ? "One check-in attempt" : `${notInClassAttempts} check-in attempts`} by a student of the school not on
          this class&apos;s list: the kiosk asked them to see you and recorded nothing (who it was is not kept).
        </p>
      )}
      <div className="mt-3 flex flex-wrap gap-3 text-sm">
        <Link
          href={`/teacher/sessions/${session.id}/roll-call`}
          className="rounded-md bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-600"
        >
          Roll call
        </Link>
        <Link href={`/reports/classes/${klass.id}`} className="rounded-md border border-slate-300 bg-white px-4 py-2 hover:bg-slate-100">
          Class report
        </Link>
      </div>

      <BulkActions
        sessionId={session.id}
        unmarked={counts.unmarked}
        open={open}
        batch={lastBatch}
        batchTime={lastBatch ? t(lastBatch.at) : null}
      />

      {rows.length === 0 ? (
        <p className="mt-6 rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-700">
          No students are enrolled in this class on this date.
        </p>
      ) : (
        <DataTable
          caption="Students of the session and their attendance"
          rows={rows}
          rowKey={(r) => r.studentId}
          rowProps={(r) => ({ id: `student-${r.studentId}`, "data-testid": "session-row", className: "align-top" })}
          card="grid-cols-[3rem_minmax(0,1fr)_auto] gap-x-3 gap-y-1"
          columns={[
            {
              header: <span className="sr-only">Tick</span>,
              cell: (r) => <TickBox studentId={r.studentId} name={r.name} />,
              card: "col-start-1 row-start-3",
            },
            { header: "Photo", cell: (r) => <Photo row={r} />, card: "col-start-1 row-span-2 row-start-1" },
            {
              header: "Student",
              cell: (r) => (
                <>
                  <span className="font-medium">{r.name}</span> <span className="text-slate-600">{r.identifier}</span>
                  {r.note && <p className="text-xs text-slate-700">Note: {r.note}</p>}
                  {r.changes.length > 0 && (
                    <details className="mt-1 text-xs">
                      <summary className="cursor-pointer text-slate-700">History ({r.changes.length})</summary>
                      <ol className="mt-1 space-y-0.5" aria-label={`History of ${r.name}`}>
                        {history(r).map((line, i) => (
                          <li key={i} data-testid="history-entry">
                            {line}
                          </li>
                        ))}
                      </ol>
                    </details>
                  )}
                </>
              ),
              card: "col-start-2 row-start-1",
            },
            {
              header: "Status",
              cell: (r) => (r.status ? <StatusBadge status={r.status} /> : <span className="text-slate-600">not yet</span>),
              card: "col-start-3 row-start-1 max-sm:text-right",
            },
            {
              header: "Time",
              cell: (r) => (r.markedAt && r.method !== "SYSTEM" ? t(r.markedAt) : "—"),
              card: "col-start-3 row-start-2 max-sm:text-right max-sm:text-slate-700",
            },
            { header: "How", cell: (r) => <How row={r} />, card: "col-start-2 row-start-2" },
            {
              header: "Change",
              cell: (r) => (
                <StatusChange sessionId={session.id} studentId={r.studentId} name={r.name} current={r.status} history={history(r)} />
              ),
              card: "col-span-2 col-start-2 row-start-3",
            },
          ]}
        />
      )}
      {open && <RefreshWhileOpen seconds={10} />}
    </>
  );
}
