import type { Metadata } from "next";
import Link from "next/link";
import { openSessionAction, startSessionAction } from "@/app/teacher/sessions/actions";
import { ActionForm } from "@/app/ui/action-form";
import { DataTable } from "@/app/ui/data-table";
import { EmptyState, secondaryButtonClass } from "@/app/ui/table";
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

const COUNT_HEADER = { present: "Present", tardy: "Tardy", absent: "Absent", unmarked: "Not yet marked" } as const;

/** On a phone the first action of a card is its one full-width primary button; the others follow it, full width too. */
const cardAction = (primary: boolean) =>
  `${secondaryButtonClass} inline-flex items-center justify-center max-sm:w-full ${primary ? "max-sm:border-brand-700 max-sm:bg-brand-700 max-sm:font-medium max-sm:text-white" : ""}`;

function OpenButton({ item, to, label, primary }: { item: TodayItem; to: "session" | "roll-call"; label: string; primary: boolean }) {
  return (
    <ActionForm action={openSessionAction} className="inline-flex flex-wrap max-sm:basis-full">
      <input type="hidden" name="classId" value={item.classId} />
      <input type="hidden" name="startsAt" value={item.startsAt} />
      <input type="hidden" name="to" value={to} />
      <button type="submit" className={cardAction(primary)}>
        {label}
        <span className="sr-only"> {item.code}</span>
      </button>
    </ActionForm>
  );
}

function ClassName({ item }: { item: TodayItem }) {
  return (
    <>
      {/* A code such as MATH-7A never breaks at its hyphen. */}
      <span className="font-medium whitespace-nowrap">{item.code}</span> {item.title}
      {item.room ? <span className="text-slate-600"> · {item.room}</span> : null}
    </>
  );
}

function TodayActions({ item }: { item: TodayItem }) {
  if (!item.sessionId)
    return (
      <span className="flex flex-wrap gap-2">
        <OpenButton item={item} to="roll-call" label="Take roll call" primary />
        <OpenButton item={item} to="session" label="Open" primary={false} />
      </span>
    );
  return (
    <span className="flex flex-wrap gap-2">
      <Link href={`/teacher/sessions/${item.sessionId}`} className={cardAction(true)}>
        {/* One inline run, so that the space before the count survives the flex box. The counts'
            columns are not in the card: the button carries them. */}
        <span>
          Review
          <span className="sm:hidden">
            {" "}
            · {item.counts.present}/{item.counts.total} present
          </span>
          <span className="sr-only"> {item.code}</span>
        </span>
      </Link>
      {item.counts.unmarked > 0 && (
        <Link href={`/teacher/sessions/${item.sessionId}/roll-call`} className={cardAction(false)}>
          Roll call<span className="sr-only"> {item.code}</span>
        </Link>
      )}
    </span>
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
        <DataTable
          caption="Today's sessions"
          rows={today.items}
          rowKey={(item) => `${item.classId}-${item.startsAt}`}
          rowProps={() => ({ "data-testid": "today-row" })}
          card="grid-cols-[1fr_auto] gap-x-3 gap-y-1"
          columns={[
            {
              header: "Time",
              cell: (item) => `${t(item.startsAt)}–${t(item.endsAt)}`,
              className: "whitespace-nowrap font-medium sm:font-normal",
            },
            { header: "Class", cell: (item) => <ClassName item={item} />, card: "col-span-2 row-start-2" },
            {
              header: "State",
              cell: (item) => STATE[item.status],
              card: "col-start-2 row-start-1 max-sm:text-right max-sm:text-slate-700",
            },
            ...(["present", "tardy", "absent", "unmarked"] as const).map((k) => ({
              header: COUNT_HEADER[k],
              numeric: true,
              card: "hidden",
              cell: (item: TodayItem) => item.counts[k],
            })),
            {
              header: <span className="sr-only">Actions</span>,
              cell: (item) => <TodayActions item={item} />,
              card: "col-span-2 max-sm:mt-2",
            },
          ]}
        />
      )}

      <h2 className="mt-10 text-xl font-semibold">{user.role === "ADMIN" ? "All classes" : "My classes"}</h2>
      {classes.length === 0 ? (
        <EmptyState>You have no classes yet. An administrator assigns teachers to classes.</EmptyState>
      ) : (
        <DataTable
          label="Classes"
          rows={classes}
          rowKey={(c) => c.id}
          card="grid-cols-[1fr_auto] gap-x-3 gap-y-1"
          columns={[
            {
              header: "Code",
              cell: (c) => (
                <a href={`/teacher/classes/${c.id}/live`} className="text-brand-700 hover:underline">
                  {c.code}
                </a>
              ),
              className: "whitespace-nowrap font-medium",
            },
            { header: "Title", cell: (c) => c.title, card: "col-span-2 row-start-2" },
            { header: "Room", cell: (c) => c.room ?? "—", card: "col-start-2 row-start-1 max-sm:text-right max-sm:text-slate-700" },
            {
              header: "Schedule",
              cell: (c) => c.meetings.map((m) => formatMeeting(m, clock.hour12)).join(", ") || "—",
              card: "col-span-2 max-sm:text-slate-700",
            },
            {
              header: "Students",
              numeric: true,
              cell: (c) => (
                <>
                  {c._count.enrollments}
                  <span className="sm:hidden"> students</span>
                </>
              ),
              card: "col-span-2 max-sm:text-slate-700",
            },
            {
              header: <span className="sr-only">Links</span>,
              card: "col-span-2 max-sm:mt-1",
              cell: (c) => (
                <span className="flex flex-wrap items-center gap-x-3 text-sm">
                  <Link href={`/teacher/classes/${c.id}/live`} className="inline-flex min-h-11 items-center underline">
                    Arrivals
                  </Link>
                  <Link href={`/reports/classes/${c.id}`} className="inline-flex min-h-11 items-center underline">
                    Report
                  </Link>
                  {!inProgress.has(c.id) && (
                    // A lesson not on the schedule (a substitute, a trip, an extra lesson): one tap, 50 minutes.
                    <ActionForm action={startSessionAction} className="max-sm:basis-full">
                      <input type="hidden" name="classId" value={c.id} />
                      <input type="hidden" name="minutes" value="50" />
                      <button type="submit" className={`${secondaryButtonClass} max-sm:w-full`}>
                        Start a session now<span className="sr-only"> of {c.code} (50 minutes)</span>
                      </button>
                    </ActionForm>
                  )}
                </span>
              ),
            },
          ]}
        />
      )}
    </>
  );
}
