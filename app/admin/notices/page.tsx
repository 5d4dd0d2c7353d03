import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/app/ui/action-form";
import { EmptyState, inputClass, secondaryButtonClass, TableScroll, tableClass, Th } from "@/app/ui/table";
import { requireRole } from "@/app/current-user";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";
import { localDateTime } from "@/lib/dates";
import { NOTICE_PAGE_SIZE, noticeList } from "@/lib/data/notices";
import { NOTICE_STATUSES, noticeListQuery } from "@/lib/validations/notices";
import { requestSettings } from "@/app/request-settings";
import { personName, studentName } from "@/lib/names";
import { NOTICE_STATUS_LABEL, waitingReason } from "@/lib/notices/labels";
import { describeSmtpUrl, mailConfig } from "@/lib/mail";
import type { ReportedSession } from "@/lib/notices/template";
import { count } from "@/lib/text";
import { formatMinute } from "@/lib/classes/schedule";
import { noticeSettingsAction, resendNoticeAction } from "./actions";
import { TemplateEditor } from "./template-editor";

export const metadata: Metadata = { title: "Notices" };

export default async function NoticesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole("ADMIN");
  const q = noticeListQuery.parse(await searchParams);
  const [settings, { rows, counts }] = await Promise.all([requestSettings(db), noticeList(db, q)]);
  const mail = mailConfig();
  const at = now();
  const clock = settings.clock;
  const n = settings.notices;
  const filterHref = (status?: string) => {
    const p = new URLSearchParams({ ...(status ? { status } : {}), ...(q.date ? { date: q.date } : {}) });
    return `/admin/notices${p.size ? `?${p}` : ""}`;
  };
  return (
    <>
      <h1 className="text-2xl font-semibold">Notices</h1>
      <p className="mt-1 max-w-3xl text-slate-700">
        Guardians are emailed once a day about a student&apos;s unexcused absences in closed sessions, listing the classes missed. A
        teacher&apos;s correction before the email goes out cancels it. Emails carry no photos and nothing about faces.
      </p>

      {mail.ok ? (
        <p role="status" className="mt-3 rounded-md bg-green-50 px-3 py-2 text-sm text-green-900">
          Mail goes out through {describeSmtpUrl(mail.url)} from {mail.from}.
        </p>
      ) : (
        <p role="note" className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {mail.message} Notices are kept here as &ldquo;not sent: mail not configured&rdquo;. IT sets ROLLCALL_SMTP_URL and
          ROLLCALL_MAIL_FROM (see the README) and restarts Rollcall.
        </p>
      )}
      {!n.enabled && (
        <p role="note" className="mt-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Guardian notices are turned off: none are queued or sent.
        </p>
      )}

      <section aria-labelledby="outbox-h" className="mt-6">
        <h2 id="outbox-h" className="text-lg font-semibold">
          Outbox{q.date ? ` for ${q.date}` : ""}
        </h2>
        <nav aria-label="Notices by state" className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm">
          <Link href={filterHref()} aria-current={!q.status ? "page" : undefined} className="underline aria-[current=page]:font-semibold">
            All
          </Link>
          {NOTICE_STATUSES.map((s) => (
            <Link
              key={s}
              href={filterHref(s)}
              aria-current={q.status === s ? "page" : undefined}
              className="underline aria-[current=page]:font-semibold"
            >
              {NOTICE_STATUS_LABEL[s]} ({counts[s]})
            </Link>
          ))}
        </nav>
        <form method="get" className="mt-2 flex flex-wrap items-end gap-2">
          {q.status && <input type="hidden" name="status" value={q.status} />}
          <div>
            <label htmlFor="notice-date" className="block text-sm font-medium">
              Day
            </label>
            <input id="notice-date" type="date" name="date" defaultValue={q.date ?? ""} className={inputClass} />
          </div>
          <button type="submit" className={secondaryButtonClass}>
            Show
          </button>
          {q.date && (
            <Link href={filterHref(q.status)} className="py-2 text-sm underline">
              All days
            </Link>
          )}
        </form>
        {rows.length === 0 ? (
          <EmptyState>
            No notices{q.status ? ` that are ${NOTICE_STATUS_LABEL[q.status].toLowerCase()}` : ""}
            {q.date ? ` on ${q.date}` : ""}. A notice appears here when a session closes with an unexcused absence of a student whose
            guardian has an email.
          </EmptyState>
        ) : (
          <TableScroll>
            <table className={tableClass} data-testid="notices">
              <caption className="sr-only">Guardian notices</caption>
              <thead className="bg-slate-100">
                <tr>
                  <Th>Day</Th>
                  <Th>Student</Th>
                  <Th>Guardian</Th>
                  <Th>Classes</Th>
                  <Th>State</Th>
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id} className="border-t border-slate-200 align-top">
                    <td className="px-3 py-2 whitespace-nowrap">{r.date}</td>
                    <td className="px-3 py-2">
                      <Link href={`/admin/students/${r.student.id}`} className="underline">
                        {studentName(r.student)}
                      </Link>
                    </td>
                    <td className="px-3 py-2">
                      {personName(r.guardian)}
                      <span className="block text-slate-600">{r.recipient ?? r.guardian.email ?? "no email"}</span>
                    </td>
                    <td className="px-3 py-2">
                      {r.kind === "CORRECTION" && <span className="font-medium">Correction: </span>}
                      {(r.absences as ReportedSession[]).map((s) => `${s.time} ${s.classCode} (${s.status})`).join(", ")}
                    </td>
                    <td className="px-3 py-2">
                      <span className="font-medium">{NOTICE_STATUS_LABEL[r.status]}</span>
                      <span className="block text-slate-700">
                        {r.status === "SENT" && r.sentAt && `at ${localDateTime(r.sentAt, clock)}`}
                        {r.status === "PENDING" && waitingReason(r, mail.ok, at, clock)}
                        {r.status === "PENDING" && r.lastError && ` (last try: ${r.lastError})`}
                        {(r.status === "FAILED" || r.status === "CANCELLED") && r.lastError}
                        {r.status === "FAILED" && ` (${count(r.attempts, "try", "tries")})`}
                      </span>
                    </td>
                    <td className="px-3 py-2">
                      {(r.status === "FAILED" || r.status === "SENT" || r.status === "CANCELLED") && (
                        <ActionForm action={resendNoticeAction}>
                          <input type="hidden" name="noticeId" value={r.id} />
                          <button type="submit" className={secondaryButtonClass}>
                            {r.status === "SENT" ? "Send again" : "Resend"}
                            <span className="sr-only">
                              {" "}
                              to {personName(r.guardian)} about {studentName(r.student)} on {r.date}
                            </span>
                          </button>
                        </ActionForm>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        {rows.length === NOTICE_PAGE_SIZE && (
          <p className="mt-2 text-sm text-slate-700">The newest {NOTICE_PAGE_SIZE} are shown: choose a day or a state to see others.</p>
        )}
      </section>

      <section aria-labelledby="settings-h" className="mt-8 max-w-3xl rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="settings-h" className="text-lg font-semibold">
          When notices go out
        </h2>
        <ActionForm action={noticeSettingsAction} className="mt-3 grid gap-3">
          <label className="flex items-center gap-2">
            <input type="checkbox" name="enabled" defaultChecked={n.enabled} className="h-5 w-5" />
            Email guardians about absences
          </label>
          <div className="grid gap-3 sm:grid-cols-2">
            <div>
              <label htmlFor="sendTime" className="block text-sm font-medium">
                Send the day&apos;s notices at (empty: as sessions close)
              </label>
              <input
                id="sendTime"
                name="sendTime"
                type="time"
                defaultValue={n.sendMinute === null ? "" : formatMinute(n.sendMinute)}
                className={inputClass}
              />
            </div>
            <div>
              <label htmlFor="delayMinutes" className="block text-sm font-medium">
                Wait after a session closes, for corrections (minutes)
              </label>
              <input
                id="delayMinutes"
                name="delayMinutes"
                type="number"
                min={0}
                max={240}
                required
                defaultValue={n.delayMinutes}
                className={inputClass}
              />
            </div>
          </div>
          <fieldset>
            <legend className="text-sm font-medium">Also report</legend>
            <label className="mt-1 flex items-center gap-2">
              <input type="checkbox" name="excused" defaultChecked={n.excused} className="h-5 w-5" />
              Excused absences
            </label>
            <label className="mt-1 flex items-center gap-2">
              <input type="checkbox" name="tardy" defaultChecked={n.tardy} className="h-5 w-5" />
              Tardies
            </label>
            <label className="mt-1 flex items-center gap-2">
              <input type="checkbox" name="corrections" defaultChecked={n.corrections} className="h-5 w-5" />A correction email when a
              reported absence is changed after the notice went out
            </label>
          </fieldset>
          <div>
            <button type="submit" className={secondaryButtonClass}>
              Save settings
            </button>
          </div>
        </ActionForm>
      </section>

      <section aria-labelledby="wording-h" className="mt-6 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="wording-h" className="text-lg font-semibold">
          Wording
        </h2>
        <div className="mt-3">
          <TemplateEditor subject={n.template.subject} body={n.template.body} school={settings.name} hour12={clock.hour12} />
        </div>
      </section>
    </>
  );
}
