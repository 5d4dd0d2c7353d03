"use client";

import { useEffect, useState } from "react";
import type { LiveView } from "@/lib/data/live";
import { isAttended, methodLabel, STATUS_LABEL } from "@/lib/attendance/statuses";
import { localTime } from "@/lib/dates";
import { Th } from "@/app/ui/table";

/** Fills in as students check in: polls every 2 seconds while the page is open. */
export function LiveTable({ initial }: { initial: LiveView }) {
  const [view, setView] = useState(initial);
  const [stale, setStale] = useState(false);
  useEffect(() => {
    const timer = setInterval(async () => {
      try {
        const res = await fetch(`/teacher/classes/${initial.classId}/live/data`, { cache: "no-store" });
        if (!res.ok) throw new Error(String(res.status));
        setView(await res.json());
        setStale(false);
      } catch {
        setStale(true);
      }
    }, 2000);
    return () => clearInterval(timer);
  }, [initial.classId]);
  // "Checked in" counts who came (present, tardy, left early), not an absence someone recorded.
  const time = (iso: string) => localTime(new Date(iso), view.clock);
  const marked = view.rows.filter((r) => r.status && isAttended(r.status)).length;
  return (
    <>
      <h1 className="text-2xl font-semibold">
        {view.code} {view.title}: arrivals
      </h1>
      <p className="mt-1 text-slate-700" role="status">
        {view.session
          ? `In session ${time(view.session.startsAt)}–${time(view.session.endsAt)} (tardy from ${time(view.session.tardyAt)}). ${marked} of ${view.rows.length} checked in.`
          : "Not in session now."}
        {stale && " Connection lost: retrying…"}
      </p>
      {view.rows.length === 0 ? (
        <p className="mt-4">No students enrolled.</p>
      ) : (
        <table className="mt-4 w-full rounded-lg bg-white text-left text-sm shadow-sm">
          <thead className="bg-slate-100">
            <tr>
              <Th>Student</Th>
              <Th>Status</Th>
              <Th>Time</Th>
              <Th>How</Th>
            </tr>
          </thead>
          <tbody>
            {view.rows.map((r) => (
              <tr key={r.studentId} data-testid="live-row" className="border-t border-slate-200">
                <td className="px-3 py-2">
                  {r.name} <span className="text-slate-600">{r.identifier}</span>
                </td>
                <td
                  className={`px-3 py-2 ${r.status === "PRESENT" ? "text-green-800" : r.status === "TARDY" ? "text-amber-900" : "text-slate-600"}`}
                >
                  {r.status ? STATUS_LABEL[r.status] : "not yet"}
                </td>
                <td className="px-3 py-2">{r.markedAt ? time(r.markedAt) : "—"}</td>
                <td className="px-3 py-2">
                  {r.method ? methodLabel(r.method, r.headTurn) : "—"}
                  {r.syncedLate && <span className="ml-1 text-xs text-slate-700">· {r.syncedLate}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
