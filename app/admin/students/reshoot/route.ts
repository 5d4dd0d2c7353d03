// The re-shoot list for photo day as CSV (the one "needs a new photo" rule), for admins: the
// whole school, or `?class=CODE`. The same file as `npm run cli -- reshoot-list`.
import { currentUser } from "@/app/current-user";
import { now } from "@/lib/clock";
import { csvHeaders } from "@/lib/csv";
import { db } from "@/lib/db";
import { localDate } from "@/lib/dates";
import { reshootCsv } from "@/lib/matching/photo-health";
import { schoolSettings } from "@/lib/settings";

export async function GET(req: Request) {
  const user = await currentUser();
  if (!user || user.role !== "ADMIN") return new Response("Not allowed", { status: 403 });
  const classCode = new URL(req.url).searchParams.get("class") || undefined;
  const at = now();
  const csv = await reshootCsv(db, at, classCode);
  if (csv === null) return new Response(`No class with code "${classCode}".`, { status: 404 });
  const day = localDate(at, (await schoolSettings(db)).timeZone);
  return new Response(csv, { headers: csvHeaders(`reshoot-${classCode ? `${classCode}-` : ""}${day}.csv`) });
}
