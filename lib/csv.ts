// CSV for people's spreadsheets and for school information systems.
import { stringify } from "csv-stringify/sync";

/**
 * Spreadsheet apps run a cell that starts with = + - @ (or a tab or carriage return) as a
 * formula. A name or note typed by anyone could do that on an admin's machine (CSV
 * injection), so such text cells get a leading apostrophe, which spreadsheets hide.
 */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

export type Cell = string | number | null | undefined;

/** RFC 4180 CSV (quotes where needed, CRLF-free "\n" lines) with a header row. */
export function toCsv(columns: readonly string[], rows: readonly Cell[][]): string {
  const safe = rows.map((r) => r.map((c) => (typeof c === "string" ? neutraliseFormula(c) : c == null ? "" : String(c))));
  return stringify(safe, { header: true, columns: [...columns] });
}

/** The response headers of a CSV download (the file name reduced to characters safe in the header). */
export function csvHeaders(filename: string): HeadersInit {
  const safe = filename.replace(/[^\w.-]/g, "_");
  return { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${safe}"`, "Cache-Control": "no-store" };
}
