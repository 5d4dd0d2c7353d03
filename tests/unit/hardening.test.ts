// Hardening, second pass: CSV that no spreadsheet turns into a formula, whatever its separator.
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { toCsv } from "@/lib/csv";

describe("CSV exports", () => {
  it("quote every text cell and neutralise formulas after ; , and tab too, read with either separator", () => {
    const hostile = ["doctor;=2+5", "a,+1", "tab\t@SUM(A1)", "=HYPERLINK(\"x\")", " -3", "plain"];
    const csv = toCsv(["note", "n"], hostile.map((h, i) => [h, i]));
    for (const delimiter of [",", ";", "\t"]) {
      const cells: string[] = parse(csv, { delimiter, relax_quotes: true, relax_column_count: true }).flat();
      const formulas = cells.filter((c) => /^\s*[=+\-@]/.test(c));
      expect(formulas, `separator ${JSON.stringify(delimiter)}`).toEqual([]);
    }
    // Read back as intended (comma CSV), the text is all there, an apostrophe before each formula.
    const rows: string[][] = parse(csv, { from_line: 2 });
    expect(rows.map((r) => r[0])).toEqual(["doctor;'=2+5", "a,'+1", "tab\t'@SUM(A1)", "'=HYPERLINK(\"x\")", " '-3", "plain"]);
  });
});
