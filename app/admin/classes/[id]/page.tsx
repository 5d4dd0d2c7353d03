import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import {
  addMeetingAction,
  archiveClassAction,
  enrollStudentAction,
  removeEnrollmentAction,
  removeMeetingAction,
  setTeacherAction,
  updateClassAction,
} from "@/app/admin/classes/actions";
import { ActionForm } from "@/app/ui/action-form";
import { buttonClass, inputClass, secondaryButtonClass, tableClass, TableScroll, Th } from "@/app/ui/table";
import { LIVENESS_LABEL } from "@/lib/attendance/liveness";
import { db } from "@/lib/db";
import { now } from "@/lib/clock";
import { reasonsText } from "@/lib/matching/photo-health";
import { studentName } from "@/lib/names";
import { requestSettings } from "@/app/request-settings";
import { WEEKDAYS } from "@/lib/dates";
import { formatMeeting, formatMinute } from "@/lib/classes/schedule";
import { requireRole } from "@/app/current-user";
import { classEnrollmentHealth } from "@/lib/data/classes";
import { teacherOptions } from "@/lib/data/staff";

export const metadata: Metadata = { title: "Class" };

const HEALTH_STYLE = {
  good: "text-green-800",
  weak: "text-amber-900",
  none: "text-red-800",
  "no consent": "text-slate-700",
  archived: "text-slate-700",
} as const;

export default async function ClassPage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole("ADMIN");
  const { id } = await params;
  const settings = await requestSettings(db);
  const found = await classEnrollmentHealth(db, id, settings, now());
  if (!found) notFound();
  const { class: c, rows: health, needs } = found;
  const teachers = await teacherOptions(db);
  const assigned = new Set(c.teachers.map((t) => t.userId));
  return (
    <>
      <p className="text-sm">
        <Link href="/admin/classes" className="underline">
          Classes
        </Link>{" "}
        /
      </p>
      <h1 className="mt-1 text-2xl font-semibold">
        {c.code}{" "}
        <span className="text-base font-normal text-slate-600">
          {c.title}
          {c.status === "ARCHIVED" ? " · archived" : ""}
        </span>
      </h1>

      <section aria-labelledby="health-h" className="mt-6 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="health-h" className="text-lg font-semibold">
          Enrollment health
        </h2>
        <p className="mt-1 text-slate-800">
          {health.filter((h) => h.health === "good").length} of {health.length} students can check in by face reliably.
        </p>
        {/* The same rule as Today, the students list and Matching (lib/matching/photo-health.ts). */}
        {needs.length > 0 && (
          <>
            <p className="mt-2 text-slate-800">Photograph again:</p>
            <ul className="mt-1 list-disc pl-6" data-testid="photograph-again">
              {needs.map((n) => (
                <li key={n.studentId}>
                  <Link href={`/admin/students/${n.studentId}`} className="underline">
                    {studentName(n)}
                  </Link>{" "}
                  ({reasonsText(n.reasons)})
                </li>
              ))}
            </ul>
            <p className="mt-2 text-sm">
              <a className="underline" href={`/admin/students/reshoot?class=${encodeURIComponent(c.code)}`} download>
                Download this class&apos;s re-shoot list (CSV)
              </a>
            </p>
          </>
        )}
      </section>

      <section aria-labelledby="students-h" className="mt-6">
        <h2 id="students-h" className="text-lg font-semibold">
          Students ({c.enrollments.length})
        </h2>
        {c.enrollments.length === 0 ? (
          <p className="mt-2 text-slate-700">No students enrolled yet.</p>
        ) : (
          <TableScroll>
            <table className={tableClass}>
              <thead className="bg-slate-100">
                <tr>
                  <Th>Student</Th>
                  <Th>Dates</Th>
                  <Th>Face enrollment</Th>
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                </tr>
              </thead>
              <tbody>
                {health.map(({ e, health: h, why }) => (
                  <tr key={e.id} className="border-t border-slate-200">
                    <td className="px-3 py-2">
                      <Link href={`/admin/students/${e.student.id}`} className="text-brand-700 hover:underline">
                        {e.student.familyName}, {e.student.givenName}
                      </Link>{" "}
                      <span className="text-slate-600">{e.student.identifier}</span>
                    </td>
                    <td className="px-3 py-2">
                      {e.beginDate ?? "…"} to {e.endDate ?? "…"}
                    </td>
                    <td className={`px-3 py-2 ${HEALTH_STYLE[h]}`}>
                      {h}: {why}
                    </td>
                    <td className="px-3 py-2 text-right">
                      <ActionForm
                        action={removeEnrollmentAction}
                        confirm="Remove this enrollment? (For a student who left, set an end date instead.)"
                      >
                        <input type="hidden" name="enrollmentId" value={e.id} />
                        <button type="submit" className="text-sm text-red-800 underline">
                          Remove
                        </button>
                      </ActionForm>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        <ActionForm
          action={enrollStudentAction}
          className="mt-3 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4"
        >
          <input type="hidden" name="classId" value={c.id} />
          <div>
            <label htmlFor="identifier" className="block text-sm font-medium">
              Student identifier
            </label>
            <input id="identifier" name="identifier" required className={inputClass} />
          </div>
          <div>
            <label htmlFor="beginDate" className="block text-sm font-medium">
              From (optional)
            </label>
            <input id="beginDate" name="beginDate" type="date" className={inputClass} />
          </div>
          <div>
            <label htmlFor="endDate" className="block text-sm font-medium">
              Until (optional)
            </label>
            <input id="endDate" name="endDate" type="date" className={inputClass} />
          </div>
          <button type="submit" className={buttonClass}>
            Enroll or update dates
          </button>
        </ActionForm>
      </section>

      <div className="mt-6 grid gap-6 md:grid-cols-2">
        <section aria-labelledby="schedule-h" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="schedule-h" className="text-lg font-semibold">
            Weekly schedule
          </h2>
          <p className="text-sm text-slate-600">
            Times in {settings.timeZone}. Tardy after {c.tardyMinutes ?? settings.defaultTardyMinutes} minutes.
          </p>
          {c.periods && (
            <p className="text-sm text-slate-700" data-testid="roster-periods">
              The roster says: period{c.periods.includes(",") ? "s" : ""} {c.periods}. Enter the times of those periods below (or import
              them as a CSV on the Classes page).
            </p>
          )}
          {c.meetings.length === 0 ? (
            <p className="mt-2 text-slate-700">No meetings: kiosks cannot find this class in session.</p>
          ) : (
            <ul className="mt-2 space-y-1">
              {c.meetings.map((m) => (
                <li key={m.id} className="flex items-center gap-3">
                  <span>{formatMeeting(m, settings.clock.hour12)}</span>
                  <ActionForm action={removeMeetingAction}>
                    <input type="hidden" name="meetingId" value={m.id} />
                    <button
                      type="submit"
                      aria-label={`Remove ${formatMeeting(m, settings.clock.hour12)}`}
                      className="text-sm text-red-800 underline"
                    >
                      Remove
                    </button>
                  </ActionForm>
                </li>
              ))}
            </ul>
          )}
          <ActionForm action={addMeetingAction} className="mt-3 flex flex-wrap items-end gap-2">
            <input type="hidden" name="classId" value={c.id} />
            <fieldset>
              <legend className="block text-sm font-medium">Days</legend>
              {/* One time on several days at once: Mon–Fri 08:00–08:50 is one entry. */}
              <div className="mt-1 flex flex-wrap gap-x-3 gap-y-1">
                {WEEKDAYS.map((d, i) => (
                  <label key={d} className="flex min-h-11 items-center gap-1 text-sm">
                    <input type="checkbox" name="weekdays" value={i + 1} className="h-5 w-5" />
                    {d}
                  </label>
                ))}
              </div>
            </fieldset>
            <div>
              <label htmlFor="start" className="block text-sm font-medium">
                Start
              </label>
              <input id="start" name="start" type="time" required defaultValue={formatMinute(8 * 60)} className={inputClass} />
            </div>
            <div>
              <label htmlFor="end" className="block text-sm font-medium">
                End
              </label>
              <input id="end" name="end" type="time" required defaultValue={formatMinute(8 * 60 + 50)} className={inputClass} />
            </div>
            <button type="submit" className={secondaryButtonClass}>
              Add meeting
            </button>
          </ActionForm>
        </section>

        <section aria-labelledby="teachers-h" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="teachers-h" className="text-lg font-semibold">
            Teachers
          </h2>
          {c.teachers.length === 0 ? (
            <p className="mt-2 text-slate-700">No teacher assigned.</p>
          ) : (
            <ul className="mt-2 space-y-1">
              {c.teachers.map((t) => (
                <li key={t.userId} className="flex items-center gap-3">
                  <span>
                    {t.user.name} <span className="text-slate-600">{t.user.email}</span>
                  </span>
                  <ActionForm action={setTeacherAction}>
                    <input type="hidden" name="classId" value={c.id} />
                    <input type="hidden" name="userId" value={t.userId} />
                    <input type="hidden" name="assign" value="false" />
                    <button type="submit" className="text-sm text-red-800 underline" aria-label={`Unassign ${t.user.name}`}>
                      Unassign
                    </button>
                  </ActionForm>
                </li>
              ))}
            </ul>
          )}
          <ActionForm action={setTeacherAction} className="mt-3 flex flex-wrap items-end gap-2">
            <input type="hidden" name="classId" value={c.id} />
            <input type="hidden" name="assign" value="true" />
            <div>
              <label htmlFor="userId" className="block text-sm font-medium">
                Assign a teacher
              </label>
              <select id="userId" name="userId" required className={inputClass}>
                <option value="">Choose…</option>
                {teachers
                  .filter((t) => !assigned.has(t.id))
                  .map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name}
                    </option>
                  ))}
              </select>
            </div>
            <button type="submit" className={secondaryButtonClass}>
              Assign
            </button>
          </ActionForm>
        </section>
      </div>

      <section aria-labelledby="details-h" className="mt-6 max-w-xl rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="details-h" className="text-lg font-semibold">
          Details
        </h2>
        <ActionForm action={updateClassAction} className="mt-3 grid gap-3 sm:grid-cols-2">
          <input type="hidden" name="classId" value={c.id} />
          <div>
            <label htmlFor="code" className="block text-sm font-medium">
              Code
            </label>
            <input id="code" name="code" defaultValue={c.code} required className={inputClass} />
          </div>
          <div>
            <label htmlFor="title" className="block text-sm font-medium">
              Title
            </label>
            <input id="title" name="title" defaultValue={c.title} required className={inputClass} />
          </div>
          <div>
            <label htmlFor="room" className="block text-sm font-medium">
              Room
            </label>
            <input id="room" name="room" defaultValue={c.room ?? ""} className={inputClass} />
          </div>
          <div>
            <label htmlFor="tardyMinutes" className="block text-sm font-medium">
              Minutes until tardy
            </label>
            <input
              id="tardyMinutes"
              name="tardyMinutes"
              type="number"
              min={0}
              max={240}
              defaultValue={c.tardyMinutes ?? ""}
              className={inputClass}
            />
          </div>
          <div className="sm:col-span-2">
            <label htmlFor="liveness" className="block text-sm font-medium">
              Liveness check at the kiosk
            </label>
            <select
              key={c.liveness ?? "SCHOOL"} // a select keeps its first default through the form's reset after a save: remount on the saved value
              id="liveness"
              name="liveness"
              defaultValue={c.liveness ?? "SCHOOL"}
              className={inputClass}
              aria-describedby="liveness-help"
            >
              <option value="SCHOOL">School default ({LIVENESS_LABEL[settings.liveness]})</option>
              <option value="OFF">Off</option>
              <option value="HEAD_TURN">Head turn</option>
            </select>
            <p id="liveness-help" className="mt-1 text-sm text-slate-700">
              Head turn: a recognised student turns their head to the side the screen asks before they are marked, so a photo held up marks
              nobody (a second or two more per student).
            </p>
          </div>
          <div>
            <button type="submit" className={buttonClass}>
              Save
            </button>
          </div>
        </ActionForm>
        <ActionForm action={archiveClassAction} className="mt-4 border-t border-slate-200 pt-4">
          <input type="hidden" name="classId" value={c.id} />
          <input type="hidden" name="archive" value={String(c.status !== "ARCHIVED")} />
          <button type="submit" className={secondaryButtonClass}>
            {c.status === "ARCHIVED" ? "Restore class" : "Archive class"}
          </button>
        </ActionForm>
      </section>
    </>
  );
}
