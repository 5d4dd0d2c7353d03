import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { startSessionAction } from "@/app/teacher/sessions/actions";
import { LiveTable } from "@/app/teacher/classes/[id]/live/live-table";
import { ActionForm } from "@/app/ui/action-form";
import { buttonClass, inputClass } from "@/app/ui/table";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";
import { liveView } from "@/lib/data/live";
import { requireRole } from "@/app/current-user";

export const metadata: Metadata = { title: "Arrivals" };

export default async function LivePage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireRole("TEACHER", "ADMIN");
  const view = await liveView(db, user, (await params).id, now());
  if (!view) notFound();
  return (
    <>
      <LiveTable initial={view} />
      {view.sessionId && (
        <p className="mt-4">
          <Link href={`/teacher/sessions/${view.sessionId}`} className="underline">
            Review, correct and close this session
          </Link>
        </p>
      )}
      {!view.session && (
        <ActionForm
          action={startSessionAction}
          className="mt-6 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4"
        >
          <input type="hidden" name="classId" value={view.classId} />
          <div>
            <label htmlFor="minutes" className="block text-sm font-medium">
              No session on the schedule now. Start one for (minutes)
            </label>
            <input id="minutes" name="minutes" type="number" min={5} max={240} defaultValue={50} className={inputClass} />
          </div>
          <button type="submit" className={buttonClass}>
            Start session now
          </button>
        </ActionForm>
      )}
    </>
  );
}
