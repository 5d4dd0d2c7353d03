// CSV for people's spreadsheets and for school information systems.
import { stringify } from "csv-stringify/sync";

/**
 * Spreadsheet apps run a cell that starts with = + - @ (or a tab or carriage return) as a
 * formula. A name or note typed by anyone could do that on an admin's machine (CSV
 * injection), so such text gets an apostrophe, which spreadsheets hide: at the start, and after
 * any ; , or tab (where a spreadsheet that splits on its own list separator, ";" in much of
 * Europe, would start a new cell), and after a line break (where one that ignores the quotes
 * starts a new row).
 */
export function neutraliseFormula(cell: string): string {
  return cell.replace(/(^|[;,\t\r\n])([^\S\r\n]*)(?=[=+\-@\t\r])/g, "$1$2'");
}

export type Cell = string | number | null | undefined;

/** RFC 4180 CSV ("\n" lines) with a header row; every text cell quoted, numbers bare. */
export function toCsv(columns: readonly string[], rows: readonly Cell[][]): string {
  const safe = rows.map((r) => r.map((c) => (typeof c === "string" ? neutraliseFormula(c) : c == null ? "" : c)));
  return stringify([[...columns]]) + stringify(safe, { quoted_string: true });
}

/** The response headers of a CSV download (the file name reduced to characters safe in the header). */
export function csvHeaders(filename: string): HeadersInit {
  const safe = filename.replace(/[^\w.-]/g, "_");
  return {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${safe}"`,
    "Cache-Control": "no-store",
  };
}
