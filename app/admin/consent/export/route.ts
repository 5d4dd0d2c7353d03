// The consent list as CSV, for admins.
import { consentCsv } from "@/lib/consent";
import { csvHeaders } from "@/lib/csv";
import { db } from "@/lib/db";
import { currentUser } from "@/app/current-user";

export async function GET() {
  const user = await currentUser();
  if (!user || user.role !== "ADMIN") return new Response("Not allowed", { status: 403 });
  return new Response(await consentCsv(db), { headers: csvHeaders(`rollcall-consent-${new Date().toISOString().slice(0, 10)}.csv`) });
}
