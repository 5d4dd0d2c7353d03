"use client";
// Roll call by hand: one row per student, one tap each. Taps are saved in the background
// (the teacher never waits on the network) and focus moves to the next unmarked student,
// so a class of 30 takes 30 taps. A student marked already (by face, PIN or earlier) is
// shown as done, with the form to change it (a reason required). Each row shows the student's
// enrolled photo, for a substitute who does not know the faces.
import Link from "next/link";
import { useRef, useState } from "react";
import { setStatusAction } from "@/app/teacher/sessions/actions";
import { StatusBadge } from "@/app/ui/status-badge";
import { StatusChange } from "@/app/teacher/sessions/[id]/session-forms";
import type { AttendanceStatus } from "@/lib/generated/prisma/enums";

/** `photoId`: the student's first enrolled photo, for a substitute who does not know the faces. */
export type RollCallStudent = {
  studentId: string;
  name: string;
  identifier: string;
  status: AttendanceStatus | null;
  photoId: string | null;
};

const CHOICES: { status: AttendanceStatus; label: string; tone: string }[] = [
  { status: "PRESENT", label: "Present", tone: "bg-green-700 hover:bg-green-800 text-white" },
  { status: "TARDY", label: "Tardy", tone: "bg-amber-600 hover:bg-amber-700 text-black" },
  { status: "UNEXCUSED_ABSENCE", label: "Absent", tone: "bg-red-700 hover:bg-red-800 text-white" },
];

type RowState = { status: AttendanceStatus | null; saving: boolean; error: string | null };

export function RollCall({ sessionId, students }: { sessionId: string; students: RollCallStudent[] }) {
  const [rows, setRows] = useState<Record<string, RowState>>(() =>
    Object.fromEntries(students.map((s) => [s.studentId, { status: s.status, saving: false, error: null }])),
  );
  const listRef = useRef<HTMLOListElement>(null);
  const update = (id: string, patch: Partial<RowState>) => setRows((r) => ({ ...r, [id]: { ...r[id], ...patch } }));

  function focusNext(after: string) {
    const i = students.findIndex((s) => s.studentId === after);
    const next = [...students.slice(i + 1), ...students.slice(0, i)].find(
      (s) => rows[s.studentId].status === null && s.studentId !== after,
    );
    const target = next
      ? listRef.current?.querySelector<HTMLButtonElement>(`[data-student="${next.studentId}"] button`)
      : document.getElementById("roll-call-done");
    target?.focus();
  }

  async function mark(student: RollCallStudent, status: AttendanceStatus) {
    update(student.studentId, { status, saving: true, error: null });
    focusNext(student.studentId);
    const result = await setStatusAction({ sessionId, studentId: student.studentId, status }).catch(() => ({
      ok: false as const,
      message: "Not saved: the connection failed. Tap again.",
    }));
    update(student.studentId, result.ok ? { saving: false } : { status: null, saving: false, error: result.message });
  }

  const done = students.filter((s) => rows[s.studentId].status !== null && !rows[s.studentId].saving).length;
  const errors = students.filter((s) => rows[s.studentId].error).length;
  return (
    <>
      <p role="status" aria-live="polite" data-testid="roll-call-progress" className="mt-2 text-slate-800">
        {done} of {students.length} marked{errors ? `, ${errors} not saved` : ""}.
      </p>
      <ol ref={listRef} className="mt-4 divide-y divide-slate-200 rounded-lg bg-white shadow-sm">
        {students.map((s) => {
          const row = rows[s.studentId];
          const markedBefore = s.status !== null;
          return (
            <li
              key={s.studentId}
              data-student={s.studentId}
              data-testid="roll-call-row"
              className="flex flex-wrap items-center gap-3 px-4 py-3"
            >
              {s.photoId ? (
                // eslint-disable-next-line @next/next/no-img-element -- a private photo route, not a static asset
                <img
                  src={`/teacher/photos/${s.photoId}`}
                  alt=""
                  width={56}
                  height={56}
                  loading="lazy"
                  className="h-14 w-14 shrink-0 rounded object-cover"
                />
              ) : (
                <span
                  aria-hidden
                  className="flex h-14 w-14 shrink-0 items-center justify-center rounded bg-slate-100 text-lg text-slate-600"
                >
                  {s.name.slice(0, 1)}
                </span>
              )}
              <span className="min-w-40 flex-1 text-lg">
                {s.name} <span className="text-sm text-slate-600">{s.identifier}</span>
                {row.error && (
                  <span role="alert" className="block text-sm text-red-800">
                    {row.error}
                  </span>
                )}
              </span>
              {markedBefore ? (
                <span className="flex flex-wrap items-center gap-2">
                  <StatusBadge status={s.status!} />
                  {/* Changing a status someone recorded needs a reason: the session view's form, here. */}
                  <StatusChange sessionId={sessionId} studentId={s.studentId} name={s.name} current={s.status} />
                </span>
              ) : (
                <span className="flex gap-2" role="group" aria-label={`Mark ${s.name}`}>
                  {CHOICES.map((c) => (
                    <button
                      key={c.status}
                      type="button"
                      onClick={() => mark(s, c.status)}
                      aria-pressed={row.status === c.status}
                      className={`min-w-24 rounded-md px-4 py-3 text-base font-medium ${row.status === c.status ? `${c.tone} ring-2 ring-offset-2 ring-slate-900` : row.status ? "bg-slate-100 text-slate-700 hover:bg-slate-200" : c.tone}`}
                    >
                      {c.label}
                    </button>
                  ))}
                </span>
              )}
            </li>
          );
        })}
      </ol>
      <p className="mt-4">
        <Link
          id="roll-call-done"
          href={`/teacher/sessions/${sessionId}`}
          className="inline-block rounded-md border border-slate-300 bg-white px-4 py-2 hover:bg-slate-100"
        >
          Done: back to the session
        </Link>
      </p>
    </>
  );
}
