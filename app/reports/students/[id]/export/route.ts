// One student's history as CSV, only the sessions of classes the viewer may see.
import { csvRequest } from "@/app/reports/csv-request";
import { csvHeaders } from "@/lib/csv";
import { db } from "@/lib/db";
import { now } from "@/lib/clock";
import { studentReport } from "@/lib/data/reports";
import { studentHistoryCsv } from "@/lib/data/exports";

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const request = await csvRequest(req);
  if (request instanceof Response) return request;
  const { user, range } = request;
  const report = await studentReport(db, user, (await params).id, range, now());
  if (!report) return new Response("Not found.", { status: 404 });
  return new Response(studentHistoryCsv(report), { headers: csvHeaders(`${report.student.identifier}-${range.from}-to-${range.to}.csv`) });
}
