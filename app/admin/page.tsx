import type { Metadata } from "next";
import Link from "next/link";
import { db } from "@/lib/db";
import { adminDashboard } from "@/lib/data/dashboard";
import { requireRole } from "@/app/current-user";
import { pausedKiosks } from "@/lib/data/kiosks";
import { KioskHealth } from "@/app/admin/kiosks/kiosk-health";
import { now } from "@/lib/clock";
import { formatLongDay, localDate, localTime, type SchoolClock } from "@/lib/dates";
import { count, roomLabel } from "@/lib/text";

export const metadata: Metadata = { title: "Today" };

function Stat({ label, value, href }: { label: string; value: number; href?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4">
      <dt className="text-sm text-slate-700">
        {href ? (
          <Link href={href} className="underline">
            {label}
          </Link>
        ) : (
          label
        )}
      </dt>
      <dd className="mt-1 text-3xl font-semibold">{value}</dd>
    </div>
  );
}

/** One step of setting up: done (a tick) or what is left, with where to do it. */
function Step({ done, children }: { done: boolean; children: React.ReactNode }) {
  return (
    <li className="flex gap-2">
      <span aria-hidden className={done ? "text-green-800" : "text-slate-500"}>
        {done ? "✓" : "○"}
      </span>
      <span>
        <span className="sr-only">{done ? "Done: " : "To do: "}</span>
        {children}
      </span>
    </li>
  );
}

type DashboardExceptions = Awaited<ReturnType<typeof adminDashboard>>["exceptions"];

/** Today's exceptions, each a link to where it is fixed; a short "nothing" when all is well. */
function Exceptions({ exceptions: e, clock }: { exceptions: DashboardExceptions; clock: SchoolClock }) {
  const time = (iso: string) => localTime(new Date(iso), clock);
  const items: { key: string; text: React.ReactNode; href: string; action: string }[] = [
    ...e.unattended.map((i) => ({
      key: `u-${i.classId}-${i.startsAt}`,
      text: `${i.code} ${time(i.startsAt)}–${time(i.endsAt)} ended with no attendance taken`,
      href: `/admin/classes/${i.classId}`,
      action: "Class page",
    })),
    ...e.kioskTrouble.map((k) => ({
      key: `k-${k.code}-${k.kiosk}`,
      text: `${k.code} is in session and its kiosk ${k.kiosk} is ${k.problem}`,
      href: "/admin/kiosks",
      action: "Kiosks",
    })),
    ...e.lockouts.map((l) => ({
      key: `p-${l.student?.id ?? ""}-${l.kiosk.id}`,
      text: `PIN entry paused ${l.student ? `for ${l.student.name} (${l.student.identifier})` : `on ${l.kiosk.name}`} until ${localTime(l.until, clock)}`,
      href: "/admin/kiosks",
      action: "Resume on Kiosks",
    })),
    ...(e.notRecognised > 0
      ? [
          {
            key: "not-recognised",
            text: `${count(e.notRecognised, "student")} with an enrolled face checked in by PIN today: the kiosk did not recognise them`,
            href: "/admin/recognition",
            action: "Recognition health",
          },
        ]
      : []),
  ];
  return (
    <section aria-labelledby="exceptions-h" className="mt-6">
      <h2 id="exceptions-h" className="text-lg font-semibold">
        Needs attention today
      </h2>
      {items.length === 0 ? (
        <p className="mt-2 text-slate-700">Nothing needs attention.</p>
      ) : (
        <ul className="mt-2 divide-y divide-amber-200 rounded-lg border border-amber-300 bg-amber-50" data-testid="exceptions">
          {items.map((i) => (
            <li key={i.key} className="flex flex-wrap items-center justify-between gap-x-4 px-4 py-1 text-amber-950">
              <span>{i.text}</span>
              <Link href={i.href} className="inline-flex min-h-11 items-center underline">
                {i.action}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export default async function AdminDashboardPage() {
  await requireRole("ADMIN");
  const at = now();
  const [d, paused] = await Promise.all([adminDashboard(db, at), pausedKiosks(db)]);
  const c = d.counts;
  const tz = d.timeZone;
  const clock = d.clock;
  const done = (key: string) => d.steps.find((s) => s.key === key)!.done;
  return (
    <>
      <h1 className="text-2xl font-semibold">Today</h1>
      <p className="mt-1 text-slate-700">
        {d.schoolName} · {formatLongDay(localDate(at, tz))}, {localTime(at, clock)}
      </p>
      {paused.length > 0 && (
        <section role="alert" className="mt-4 rounded-lg border border-red-300 bg-red-50 p-4 text-red-900" data-testid="probing-alarm">
          <h2 className="font-semibold">Face check-in paused on {paused.length === 1 ? "a kiosk" : `${paused.length} kiosks`}</h2>
          <ul className="mt-1 list-disc pl-5">
            {paused.map((k) => (
              <li key={k.id}>
                {k.name}: {k.recognitionPausedReason}
              </li>
            ))}
          </ul>
          <p className="mt-1">
            Someone may be trying made-up faces with that screen&apos;s pairing. Check the screen, then{" "}
            <Link className="underline" href="/admin/kiosks">
              resume or revoke it
            </Link>
            . PIN check-in still works there.
          </p>
        </section>
      )}

      <section aria-labelledby="now-h" className="mt-6">
        <h2 id="now-h" className="text-lg font-semibold">
          In session now
        </h2>
        {d.inProgress.length === 0 ? (
          <p className="mt-2 text-slate-700">
            {d.noSchool
              ? `No school today (${d.noSchool}): the timetable does not meet, and a session opened by hand marks nobody absent.`
              : "No class is in session right now."}
          </p>
        ) : (
          <ul className="mt-2 grid gap-2 md:grid-cols-2" data-testid="in-session">
            {d.inProgress.map((s) => {
              const marked = s.counts.total - s.counts.unmarked;
              return (
                <li key={`${s.classId}-${s.startsAt}`} className="rounded-lg border border-slate-200 bg-white p-3">
                  <p className="font-medium">
                    {localTime(new Date(s.startsAt), clock)}–{localTime(new Date(s.endsAt), clock)} {s.code} {s.title}
                    {s.room && <span className="font-normal text-slate-700"> · {roomLabel(s.room)}</span>}
                  </p>
                  <p className={marked === 0 ? "font-medium text-amber-900" : "text-slate-700"}>
                    {marked === 0
                      ? "No attendance yet"
                      : `${s.counts.present + s.counts.tardy} of ${s.counts.total} checked in · ${s.counts.unmarked} not yet`}
                  </p>
                  <p className="mt-1 flex flex-wrap gap-x-4 text-sm">
                    <Link href={`/teacher/classes/${s.classId}/live`} className="inline-flex min-h-11 items-center underline">
                      Arrivals<span className="sr-only"> of {s.code}</span>
                    </Link>
                    {s.sessionId && (
                      <Link href={`/teacher/sessions/${s.sessionId}`} className="inline-flex min-h-11 items-center underline">
                        Session<span className="sr-only"> of {s.code}</span>
                      </Link>
                    )}
                  </p>
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <Exceptions exceptions={d.exceptions} clock={clock} />

      <section aria-labelledby="kiosks-h" className="mt-6">
        <h2 id="kiosks-h" className="text-lg font-semibold">
          Kiosks
        </h2>
        {d.kiosks.length === 0 ? (
          <p className="mt-2 text-slate-700">
            No kiosks yet.{" "}
            <Link href="/admin/kiosks" className="underline">
              Add one
            </Link>{" "}
            for each classroom screen.
          </p>
        ) : (
          <ul className="mt-2 grid gap-2 md:grid-cols-2" data-testid="dashboard-kiosks">
            {d.kiosks.map((k) => (
              <li key={k.id} className="rounded-lg border border-slate-200 bg-white p-3">
                <p className="font-medium">
                  {k.name}
                  <span className="font-normal text-slate-700"> · {k.class ? k.class.code : k.room ? roomLabel(k.room) : "no class"}</span>
                </p>
                {!k.pairedAt ? <p className="mt-1 text-slate-700">Not paired yet</p> : <KioskHealth kiosk={k} at={at} clock={clock} />}
                {k.recognitionPausedAt && <p className="text-red-800">Face check-in paused</p>}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="counts-h" className="mt-6">
        <h2 id="counts-h" className="text-lg font-semibold">
          Students
        </h2>
        <dl className="mt-2 grid grid-cols-2 gap-4 md:grid-cols-3">
          <Stat label="Active students" value={c.students} href="/admin/students" />
          <Stat label="Without consent" value={c.noConsent} href="/admin/students?consent=WITHOUT" />
          <Stat label="Consent, but no photos" value={c.consentNoFaces} href="/admin/students?consent=GRANTED&faces=without" />
          <Stat label="Need a new photo" value={c.needsNewPhoto} href="/admin/students?faces=needs-new" />
          <Stat label="Classes" value={c.classes} href="/admin/classes" />
          <Stat label="Teachers" value={c.teachers} href="/admin/teachers" />
        </dl>
      </section>

      {d.steps.some((s) => !s.done) && (
        <section
          aria-labelledby="start-h"
          className="mt-8 rounded-lg border border-brand-600/30 bg-brand-50 p-5"
          data-testid="getting-started"
        >
          <h2 id="start-h" className="font-semibold">
            Getting started
          </h2>
          <ol className="mt-2 space-y-1 text-slate-800">
            <Step done={done("roster")}>
              <Link className="underline" href="/admin/import">
                Import your roster
              </Link>{" "}
              (OneRoster CSV), or add{" "}
              <Link className="underline" href="/admin/classes">
                classes
              </Link>{" "}
              and{" "}
              <Link className="underline" href="/admin/students">
                students
              </Link>{" "}
              by hand.
            </Step>
            <Step done={done("schedule")}>
              Give every class its{" "}
              <Link className="underline" href="/admin/classes">
                meeting times
              </Link>
              {d.setup.classesWithoutSchedule > 0 && ` (${count(d.setup.classesWithoutSchedule, "class", "classes")} without any)`}.
            </Step>
            <Step done={done("passwords")}>
              Set a password for each{" "}
              <Link className="underline" href="/admin/teachers">
                teacher
              </Link>
              {d.setup.teachersWithoutPassword > 0 && ` (${count(d.setup.teachersWithoutPassword, "teacher")} cannot sign in yet)`}.
            </Step>
            <Step done={done("consent")}>
              <Link className="underline" href="/admin/consent">
                Record consent
              </Link>{" "}
              for the students whose families agreed.
            </Step>
            <Step done={done("photos")}>
              <Link className="underline" href="/admin/photos">
                Enroll their photos
              </Link>
              .
            </Step>
            <Step done={done("kiosk")}>
              <Link className="underline" href="/admin/kiosks">
                Pair a kiosk
              </Link>{" "}
              in each classroom
              {d.setup.classesWithKiosk < d.setup.classesMeeting &&
                ` (${d.setup.classesWithKiosk} of ${count(d.setup.classesMeeting, "class", "classes")} with meetings ${d.setup.classesMeeting === 1 ? "has" : "have"} one)`}
              .
            </Step>
          </ol>
          <p className="mt-3 text-sm text-slate-700">
            Staff accounts can also be created from the command line: <code>npm run cli -- create-user</code>.
          </p>
        </section>
      )}
    </>
  );
}
