import Link from "next/link";

/** A column header that sorts by `key` through the URL, keeping the other parameters. */
export function SortHeader({
  label,
  sortKey,
  params,
  basePath,
}: {
  label: string;
  sortKey: string;
  params: Record<string, string | undefined>;
  basePath: string;
}) {
  const active = params.sort === sortKey;
  const dir = active && params.dir !== "desc" ? "desc" : "asc";
  const query = new URLSearchParams(
    Object.entries({ ...params, sort: sortKey, dir, page: undefined }).filter(([, v]) => v) as [string, string][],
  );
  return (
    <th scope="col" aria-sort={active ? (params.dir === "desc" ? "descending" : "ascending") : "none"} className="px-3 py-2">
      <Link href={`${basePath}?${query}`} className="inline-flex items-center gap-1 hover:underline">
        {label}
        <span aria-hidden className="text-xs text-slate-500">
          {active ? (params.dir === "desc" ? "▼" : "▲") : "↕"}
        </span>
      </Link>
    </th>
  );
}

export function Pagination({
  page,
  pageSize,
  total,
  params,
  basePath,
}: {
  page: number;
  pageSize: number;
  total: number;
  params: Record<string, string | undefined>;
  basePath: string;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const href = (p: number) =>
    `${basePath}?${new URLSearchParams(Object.entries({ ...params, page: String(p) }).filter(([, v]) => v) as [string, string][])}`;
  return (
    <nav aria-label="Pages" className="mt-3 flex items-center justify-between text-sm text-slate-700">
      <span>{total === 0 ? "No results" : `${(page - 1) * pageSize + 1}–${Math.min(page * pageSize, total)} of ${total}`}</span>
      <span className="flex gap-2">
        {page > 1 ? (
          <Link className="rounded border border-slate-300 bg-white px-3 py-1 hover:bg-slate-100" href={href(page - 1)}>
            Previous
          </Link>
        ) : null}
        {page < pages ? (
          <Link className="rounded border border-slate-300 bg-white px-3 py-1 hover:bg-slate-100" href={href(page + 1)}>
            Next
          </Link>
        ) : null}
      </span>
    </nav>
  );
}

/** A column header: the one place its markup lives (`numeric`: right-aligned, for figures). */
export function Th({ children, numeric = false }: { children: React.ReactNode; numeric?: boolean }) {
  return (
    <th scope="col" className={numeric ? "px-3 py-2 text-right" : "px-3 py-2"}>
      {children}
    </th>
  );
}

export function EmptyState({ children }: { children: React.ReactNode }) {
  return <div className="mt-6 rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-700">{children}</div>;
}

export const tableClass = "mt-4 w-full border-collapse overflow-hidden rounded-lg bg-white text-left text-sm shadow-sm";
export const buttonClass =
  "min-h-11 rounded-md bg-brand-700 px-4 py-2 text-sm font-medium text-white hover:bg-brand-600 disabled:opacity-60";
export const secondaryButtonClass =
  "min-h-11 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-100 disabled:opacity-60";
/** A file chooser styled as a button with the chosen file's name beside it (not the browser's bare default). */
export const fileInputClass =
  "mt-1 block w-full text-sm file:mr-3 file:min-h-11 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-2 file:text-sm hover:file:bg-slate-100";
export const inputClass =
  "mt-1 block min-h-11 w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-sm aria-[invalid=true]:border-red-700 aria-[invalid=true]:ring-1 aria-[invalid=true]:ring-red-700";

/** Feedback after an action, announced to screen readers. */
export function Feedback({ state }: { state?: { ok: boolean; message: string } | null }) {
  return (
    <div aria-live="polite">
      {state?.message && (
        <p
          role={state.ok ? "status" : "alert"}
          className={`mt-3 rounded-md px-3 py-2 text-sm ${state.ok ? "bg-green-50 text-green-900" : "bg-red-50 text-red-800"}`}
        >
          {state.message}
        </p>
      )}
    </div>
  );
}

/**
 * Lets a wide table scroll on its own on a phone instead of the whole page scrolling sideways.
 * Focusable and named, so that a keyboard can scroll it too (axe: scrollable-region-focusable).
 */
export function TableScroll({ children, label = "Table" }: { children: React.ReactNode; label?: string }) {
  // relative: screen-reader-only text in a cell is positioned absolutely; without a positioned
  // ancestor here it escapes the scrolling box and widens the whole page.
  return (
    <div
      role="region"
      aria-label={`${label} (scrolls sideways on a small screen)`}
      tabIndex={0}
      className="relative max-w-full overflow-x-auto"
    >
      {children}
    </div>
  );
}
