// The chronic absence list as CSV, scoped like the page.
import { csvRequest } from "@/app/reports/csv-request";
import { csvHeaders } from "@/lib/csv";
import { db } from "@/lib/db";
import { chronicAbsence } from "@/lib/data/reports";
import { chronicCsv } from "@/lib/data/exports";

export async function GET(req: Request) {
  const request = await csvRequest(req);
  if (request instanceof Response) return request;
  const { user, range } = request;
  const csv = chronicCsv(await chronicAbsence(db, user, range));
  return new Response(csv, { headers: csvHeaders(`chronic-absence-${range.from}-to-${range.to}.csv`) });
}
