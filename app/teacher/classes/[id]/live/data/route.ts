// JSON for the live view, polled by the page. Teachers see only their own classes.
import { now } from "@/lib/clock";
import { db } from "@/lib/db";
import { liveView } from "@/lib/data/live";
import { currentUser } from "@/app/current-user";

export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await currentUser();
  if (!user) return Response.json({ error: "Sign in first." }, { status: 401 });
  const view = await liveView(db, user, (await params).id, now());
  if (!view) return Response.json({ error: "Not found." }, { status: 404 });
  return Response.json(view, { headers: { "Cache-Control": "no-store" } });
}
