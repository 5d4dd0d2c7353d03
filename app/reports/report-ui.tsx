// Pieces shared by the report pages (server components).
import type { DateRange } from "@/lib/validations/reports";
import type { Tally } from "@/lib/attendance/rates";
import { buttonClass, inputClass, Th } from "@/app/ui/table";

/** A GET form: the range lives in the URL, so a report can be bookmarked and shared. */
export function RangeForm({ range, error }: { range: DateRange; error: string | null }) {
  return (
    <form method="get" className="mt-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3">
      <div>
        <label htmlFor="from" className="block text-sm font-medium">
          From
        </label>
        <input id="from" name="from" type="date" defaultValue={range.from} required className={inputClass} />
      </div>
      <div>
        <label htmlFor="to" className="block text-sm font-medium">
          To
        </label>
        <input id="to" name="to" type="date" defaultValue={range.to} required className={inputClass} />
      </div>
      <button type="submit" className={buttonClass}>
        Show
      </button>
      {error && (
        <p role="alert" className="basis-full rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {error} Showing the last 4 weeks instead.
        </p>
      )}
    </form>
  );
}

export const percent = (rate: number | null) => (rate === null ? "—" : `${(rate * 100).toFixed(1)}%`);

export const query = (params: Record<string, string | undefined>) =>
  new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1]))).toString();

/** The numbers of a tally as table cells, in the order of TALLY_HEADERS. */
export function TallyCells({ t }: { t: Tally }) {
  return (
    <>
      <td className="px-3 py-2 text-right">{t.marked}</td>
      <td className="px-3 py-2 text-right">{t.present}</td>
      <td className="px-3 py-2 text-right">{t.tardy}</td>
      <td className="px-3 py-2 text-right">{t.excused}</td>
      <td className="px-3 py-2 text-right">{t.unexcused}</td>
      <td className="px-3 py-2 text-right font-medium">{percent(t.attendanceRate)}</td>
    </>
  );
}

export function TallyHeaders() {
  return (
    <>
      <Th numeric>
        <abbr title="Student sessions with a record" className="no-underline">
          Marked
        </abbr>
      </Th>
      <Th numeric>Present</Th>
      <Th numeric>Tardy</Th>
      <Th numeric>Excused</Th>
      <Th numeric>Unexcused</Th>
      <Th numeric>Attendance rate</Th>
    </>
  );
}
