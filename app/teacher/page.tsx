import type { Metadata } from "next";
import Link from "next/link";
import { openSessionAction, startSessionAction } from "@/app/teacher/sessions/actions";
import { ActionForm } from "@/app/ui/action-form";
import { EmptyState, TableScroll, secondaryButtonClass, tableClass, Th } from "@/app/ui/table";
import { closeDueSessions } from "@/lib/attendance/closing";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";
import { listClassesFor } from "@/lib/data/classes";
import { todaysSessions, type TodayItem } from "@/lib/data/today";
import { formatDay, localTime } from "@/lib/dates";
import { formatMeeting } from "@/lib/classes/schedule";
import { requireRole } from "@/app/current-user";
import { requestSettings } from "@/app/request-settings";

export const metadata: Metadata = { title: "My classes" };

const STATE = { OPEN: "Open", CLOSED: "Closed", NOT_STARTED: "Not started" } as const;

function OpenButton({ item, to, label }: { item: TodayItem; to: "session" | "roll-call"; label: string }) {
  return (
    <ActionForm action={openSessionAction} className="inline-flex flex-wrap">
      <input type="hidden" name="classId" value={item.classId} />
      <input type="hidden" name="startsAt" value={item.startsAt} />
      <input type="hidden" name="to" value={to} />
      <button type="submit" className={secondaryButtonClass}>
        {label}
        <span className="sr-only"> {item.code}</span>
      </button>
    </ActionForm>
  );
}

export default async function TeacherHomePage() {
  const user = await requireRole("TEACHER", "ADMIN");
  const at = now();
  await closeDueSessions(db, at);
  const [classes, today, settings] = await Promise.all([listClassesFor(db, user), todaysSessions(db, user, at), requestSettings(db)]);
  const clock = settings.clock;
  const t = (iso: string) => localTime(new Date(iso), clock);
  // Classes with a meeting going on now: they need no session started by hand.
  const inProgress = new Set(
    today.items
      .filter((i) => i.status !== "CLOSED" && Date.parse(i.startsAt) <= at.getTime() && at.getTime() < Date.parse(i.endsAt))
      .map((i) => i.classId),
  );
  return (
    <>
      <h1 className="text-2xl font-semibold">Today, {formatDay(today.date)}</h1>
      {today.noSchool && (
        <p className="mt-2 rounded-md bg-sky-50 px-3 py-2 text-sky-900" data-testid="no-school">
          No school today ({today.noSchool}): the timetable does not meet, and a session started by hand marks nobody absent.
        </p>
      )}
      {today.items.length === 0 ? (
        <EmptyState>
          No sessions of {user.role === "ADMIN" ? "any class" : "your classes"} today. A class with no meeting on the schedule can be
          started by hand below (&ldquo;Start a session now&rdquo;).
        </EmptyState>
      ) : (
        <TableScroll>
          <table className={tableClass}>
            <caption className="sr-only">Today&apos;s sessions</caption>
            <thead className="bg-slate-100">
              <tr>
                <Th>Time</Th>
                <Th>Class</Th>
                <Th>State</Th>
                <Th numeric>Present</Th>
                <Th numeric>Tardy</Th>
                <Th numeric>Absent</Th>
                <Th numeric>Not yet marked</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <tbody>
              {today.items.map((item) => (
                <tr key={`${item.classId}-${item.startsAt}`} data-testid="today-row" className="border-t border-slate-200">
                  <td className="px-3 py-2 whitespace-nowrap">
                    {t(item.startsAt)}–{t(item.endsAt)}
                  </td>
                  <td className="px-3 py-2">
                    <span className="font-medium">{item.code}</span> {item.title}
                    {item.room ? <span className="text-slate-600"> · {item.room}</span> : null}
                  </td>
                  <td className="px-3 py-2">{STATE[item.status]}</td>
                  <td className="px-3 py-2 text-right">{item.counts.present}</td>
                  <td className="px-3 py-2 text-right">{item.counts.tardy}</td>
                  <td className="px-3 py-2 text-right">{item.counts.absent}</td>
                  <td className="px-3 py-2 text-right">{item.counts.unmarked}</td>
                  <td className="px-3 py-2">
                    {item.sessionId ? (
                      <span className="flex flex-wrap gap-2">
                        <Link href={`/teacher/sessions/${item.sessionId}`} className={secondaryButtonClass}>
                          Review<span className="sr-only"> {item.code}</span>
                        </Link>
                        {item.counts.unmarked > 0 && (
                          <Link href={`/teacher/sessions/${item.sessionId}/roll-call`} className={secondaryButtonClass}>
                            Roll call<span className="sr-only"> {item.code}</span>
                          </Link>
                        )}
                      </span>
                    ) : (
                      <span className="flex flex-wrap gap-2">
                        <OpenButton item={item} to="roll-call" label="Take roll call" />
                        <OpenButton item={item} to="session" label="Open" />
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}

      <h2 className="mt-10 text-xl font-semibold">{user.role === "ADMIN" ? "All classes" : "My classes"}</h2>
      {classes.length === 0 ? (
        <EmptyState>You have no classes yet. An administrator assigns teachers to classes.</EmptyState>
      ) : (
        <TableScroll>
          <table className={tableClass}>
            <thead className="bg-slate-100">
              <tr>
                <Th>Code</Th>
                <Th>Title</Th>
                <Th>Room</Th>
                <Th>Schedule</Th>
                <Th numeric>Students</Th>
                <Th>
                  <span className="sr-only">Links</span>
                </Th>
              </tr>
            </thead>
            <tbody>
              {classes.map((c) => (
                <tr key={c.id} className="border-t border-slate-200">
                  <td className="px-3 py-2 font-medium">
                    <a href={`/teacher/classes/${c.id}/live`} className="text-brand-700 hover:underline">
                      {c.code}
                    </a>
                  </td>
                  <td className="px-3 py-2">{c.title}</td>
                  <td className="px-3 py-2">{c.room ?? "—"}</td>
                  <td className="px-3 py-2">{c.meetings.map((m) => formatMeeting(m, clock.hour12)).join(", ") || "—"}</td>
                  <td className="px-3 py-2 text-right">{c._count.enrollments}</td>
                  <td className="px-3 py-2 text-sm">
                    <Link href={`/teacher/classes/${c.id}/live`} className="underline">
                      Arrivals
                    </Link>{" "}
                    ·{" "}
                    <Link href={`/reports/classes/${c.id}`} className="underline">
                      Report
                    </Link>
                    {!inProgress.has(c.id) && (
                      // A lesson not on the schedule (a substitute, a trip, an extra lesson): one tap, 50 minutes.
                      <ActionForm action={startSessionAction} className="mt-1">
                        <input type="hidden" name="classId" value={c.id} />
                        <input type="hidden" name="minutes" value="50" />
                        <button type="submit" className="min-h-11 underline">
                          Start a session now<span className="sr-only"> of {c.code} (50 minutes)</span>
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
    </>
  );
}
