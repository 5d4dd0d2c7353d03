// The consent list as CSV, for admins.
import { consentCsv } from "@/lib/consent";
import { db } from "@/lib/db";
import { currentUser } from "@/lib/session";

export async function GET() {
  const user = await currentUser();
  if (!user || user.role !== "ADMIN") return new Response("Not allowed", { status: 403 });
  return new Response(await consentCsv(db), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="rollcall-consent-${new Date().toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
