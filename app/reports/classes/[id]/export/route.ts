// A class report as CSV: ?part=daily (one row per date) or ?part=students (one row per student).
import { csvRequest } from "@/app/reports/csv-request";
import { csvHeaders } from "@/lib/csv";
import { db } from "@/lib/db";
import { classReport } from "@/lib/data/reports";
import { classReportCsv } from "@/lib/data/exports";

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const request = await csvRequest(req);
  if (request instanceof Response) return request;
  const { user, url, range } = request;
  const part = url.searchParams.get("part") === "students" ? "students" : "daily";
  const report = await classReport(db, user, (await params).id, range);
  if (!report) return new Response("Not found.", { status: 404 });
  const csv = classReportCsv(report)[part];
  return new Response(csv, { headers: csvHeaders(`${report.klass.code}-${part}-${range.from}-to-${range.to}.csv`) });
}
