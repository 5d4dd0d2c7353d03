// Attendance records as CSV (Ed-Fi categories), the same file as `npm run cli -- export-attendance`.
import { csvRequest } from "@/app/reports/csv-request";
import { csvHeaders } from "@/lib/csv";
import { db } from "@/lib/db";
import { attendanceExport } from "@/lib/data/exports";

export async function GET(req: Request) {
  const request = await csvRequest(req);
  if (request instanceof Response) return request;
  const { user, url, range } = request;
  const classCode = url.searchParams.get("class") ?? undefined;
  const csv = await attendanceExport(db, user, range, classCode);
  if (csv === null) return new Response("Not found.", { status: 404 });
  return new Response(csv, { headers: csvHeaders(`attendance-${classCode ? `${classCode}-` : ""}${range.from}-to-${range.to}.csv`) });
}
