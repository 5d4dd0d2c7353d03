import type { Metadata } from "next";
import { db } from "@/lib/db";
import { listClassesFor } from "@/lib/data/classes";
import { formatMeeting } from "@/lib/schedule";
import { requireRole } from "@/lib/session";

export const metadata: Metadata = { title: "My classes" };

export default async function TeacherHomePage() {
  const user = await requireRole("TEACHER", "ADMIN");
  const classes = await listClassesFor(db, user);
  return (
    <>
      <h1 className="text-2xl font-semibold">{user.role === "ADMIN" ? "All classes" : "My classes"}</h1>
      {classes.length === 0 ? (
        <p className="mt-6 rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-700">
          You have no classes yet. An administrator assigns teachers to classes.
        </p>
      ) : (
        <table className="mt-6 w-full border-collapse overflow-hidden rounded-lg bg-white text-left text-sm">
          <thead className="bg-slate-100">
            <tr>
              <th scope="col" className="px-3 py-2">Code</th>
              <th scope="col" className="px-3 py-2">Title</th>
              <th scope="col" className="px-3 py-2">Room</th>
              <th scope="col" className="px-3 py-2">Schedule</th>
              <th scope="col" className="px-3 py-2 text-right">Students</th>
            </tr>
          </thead>
          <tbody>
            {classes.map((c) => (
              <tr key={c.id} className="border-t border-slate-200">
                <td className="px-3 py-2 font-medium"><a href={`/teacher/classes/${c.id}/live`} className="text-brand-700 hover:underline">{c.code}</a></td>
                <td className="px-3 py-2">{c.title}</td>
                <td className="px-3 py-2">{c.room ?? "—"}</td>
                <td className="px-3 py-2">{c.meetings.map(formatMeeting).join(", ") || "—"}</td>
                <td className="px-3 py-2 text-right">{c._count.enrollments}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
