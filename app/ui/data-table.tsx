// One list of rows, shown as a table from 640 px up and as one card per row below it. The same
// markup serves both (CSS only, no second copy and no flash while the page hydrates): below `sm`
// the table's rows become grid cards and each cell takes the place its column's `card` gives it.
import { TableScroll } from "@/app/ui/table";

export type Column<R> = {
  header: React.ReactNode;
  cell: (row: R) => React.ReactNode;
  /** Right-aligned in the table, for figures. */
  numeric?: boolean;
  /**
   * Where the cell sits in the card (grid placement classes, inert in the table), or "hidden" to leave
   * it out of the card. Any other look meant for the card only takes a `max-sm:` prefix.
   */
  card?: string;
  /** Classes for the cell in both views. */
  className?: string;
};

export function DataTable<R>({
  caption,
  label,
  columns,
  rows,
  rowKey,
  rowProps,
  card,
}: {
  caption?: string;
  /** The scrolling region's name on a desktop too narrow for the table. */
  label?: string;
  columns: Column<R>[];
  rows: R[];
  rowKey: (row: R) => string;
  rowProps?: (row: R) => React.HTMLAttributes<HTMLTableRowElement> & { "data-testid"?: string };
  /** The card's grid (template columns, gaps). */
  card: string;
}) {
  // Explicit roles: a table whose parts are displayed as blocks and grids keeps its semantics.
  return (
    <TableScroll label={label ?? caption}>
      <table
        role="table"
        className="mt-4 block w-full text-left text-sm sm:table sm:border-collapse sm:overflow-hidden sm:rounded-lg sm:bg-white sm:shadow-sm"
      >
        {caption && <caption className="sr-only">{caption}</caption>}
        <thead role="rowgroup" className="max-sm:sr-only sm:bg-slate-100">
          <tr role="row">
            {columns.map((c, i) => (
              <th key={i} role="columnheader" scope="col" className={c.numeric ? "px-3 py-2 text-right" : "px-3 py-2"}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody
          role="rowgroup"
          // The rows' and cells' common look, once here rather than on each of them (page weight).
          className="grid gap-3 *:grid *:rounded-lg *:border *:border-slate-200 *:bg-white *:p-3 *:shadow-sm sm:table-row-group sm:*:table-row sm:*:rounded-none sm:*:border-x-0 sm:*:border-b-0 sm:*:p-0 sm:*:shadow-none [&_td]:min-w-0 sm:[&_td]:table-cell sm:[&_td]:px-3 sm:[&_td]:py-2"
        >
          {rows.map((row) => {
            const { className, ...props } = rowProps?.(row) ?? {};
            return (
              <tr key={rowKey(row)} role="row" {...props} className={className ? `${card} ${className}` : card}>
                {columns.map((c, i) => (
                  <td
                    key={i}
                    role="cell"
                    className={
                      [c.numeric && "sm:text-right", c.card === "hidden" ? "max-sm:hidden" : c.card, c.className]
                        .filter(Boolean)
                        .join(" ") || undefined
                    }
                  >
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}
