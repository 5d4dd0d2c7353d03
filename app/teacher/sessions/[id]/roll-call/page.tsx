import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RollCall } from "@/app/teacher/sessions/[id]/roll-call/roll-call";
import { sessionReview } from "@/lib/data/session-review";
import { db } from "@/lib/db";
import { formatDay } from "@/lib/dates";
import { currentUser, requireRole } from "@/app/current-user";
import { sessionTitle } from "@/lib/data/session-review";

/** The class and time in the title: a teacher with several tabs open tells them apart. */
export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const user = await currentUser();
  const title = user && (await sessionTitle(db, user, (await params).id));
  return { title: title ? `Roll call: ${title}` : "Roll call" };
}

export default async function RollCallPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireRole("TEACHER", "ADMIN");
  const review = await sessionReview(db, user, (await params).id);
  if (!review) notFound();
  const { session, klass, rows } = review;
  return (
    <>
      <p className="text-sm">
        <Link href="/teacher" className="underline">
          My classes
        </Link>{" "}
        /{" "}
        <Link href={`/teacher/sessions/${session.id}`} className="underline">
          {klass.code} session
        </Link>{" "}
        /
      </p>
      <h1 className="mt-1 text-2xl font-semibold">
        Roll call: {klass.code} {klass.title}, {formatDay(session.date)}
      </h1>
      {rows.length === 0 ? (
        <p className="mt-6 rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-700">
          No students are enrolled in this class on this date.
        </p>
      ) : (
        <RollCall
          sessionId={session.id}
          students={rows.map((r) => ({
            studentId: r.studentId,
            name: r.name,
            identifier: r.identifier,
            status: r.status,
            photoId: r.photoId,
          }))}
        />
      )}
    </>
  );
}
