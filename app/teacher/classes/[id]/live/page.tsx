import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { LiveTable } from "@/app/teacher/classes/[id]/live/live-table";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";
import { liveView } from "@/lib/data/live";
import { requireRole } from "@/lib/session";

export const metadata: Metadata = { title: "Live check-in" };

export default async function LivePage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireRole("TEACHER", "ADMIN");
  const view = await liveView(db, user, (await params).id, now());
  if (!view) notFound();
  return <LiveTable initial={view} />;
}
