// The school calendar: days without school (holidays, closures). On such a day no session is
// opened from the schedule, a kiosk says there is no school, and closing a session someone
// opened anyway marks nobody absent. Dates are local dates in the school's zone ("YYYY-MM-DD").
import { parse } from "csv-parse/sync";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/db/types";
import { writeAudit, type Actor } from "@/lib/audit";
import { invalid, type ActionResult } from "@/lib/result";
import { closureSchema, type ClosureInput } from "@/lib/validations/calendar";
import { formatDay } from "@/lib/dates";
import { count } from "@/lib/text";

export type Closure = { id: string; startDate: string; endDate: string; reason: string };

/** The closure covering a local date, if any. */
export async function closureOn(db: Pick<Db, "schoolClosure">, date: string): Promise<Closure | null> {
  return db.schoolClosure.findFirst({
    where: { startDate: { lte: date }, endDate: { gte: date } },
    select: { id: true, startDate: true, endDate: true, reason: true },
    orderBy: { startDate: "asc" },
  });
}

/** Closures that end on or after `from`, soonest first: the calendar page's list. */
export async function closuresFrom(db: Pick<Db, "schoolClosure">, from: string): Promise<Closure[]> {
  return db.schoolClosure.findMany({
    where: { endDate: { gte: from } },
    select: { id: true, startDate: true, endDate: true, reason: true },
    orderBy: { startDate: "asc" },
  });
}

/** "Mon 23 Nov 2026" or "Mon 21 Dec 2026 – Fri 1 Jan 2027". */
export function closureDays(c: Pick<Closure, "startDate" | "endDate">): string {
  return c.startDate === c.endDate ? formatDay(c.startDate) : `${formatDay(c.startDate)} – ${formatDay(c.endDate)}`;
}

async function overlapping(db: Pick<Db, "schoolClosure">, c: ClosureInput): Promise<Closure | null> {
  return db.schoolClosure.findFirst({
    where: { startDate: { lte: c.endDate }, endDate: { gte: c.startDate } },
    select: { id: true, startDate: true, endDate: true, reason: true },
  });
}

export async function addClosure(db: PrismaClient, raw: unknown, actor: Actor): Promise<ActionResult<{ id: string }>> {
  const parsed = closureSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const clash = await overlapping(db, parsed.data);
  if (clash)
    return {
      ok: false,
      code: "conflict",
      message: `These days overlap "${clash.reason}" (${closureDays(clash)}): remove that entry first, or choose other days.`,
    };
  const made = await db.$transaction(async (tx) => {
    const c = await tx.schoolClosure.create({ data: parsed.data });
    await writeAudit(tx, actor, { action: "calendar.closure.add", targetType: "SchoolClosure", targetId: c.id, after: parsed.data });
    return c;
  });
  return { ok: true, message: `No school on ${closureDays(made)} (${made.reason}).`, data: { id: made.id } };
}

export async function removeClosure(db: PrismaClient, id: string, actor: Actor): Promise<ActionResult> {
  const c = await db.schoolClosure.findUnique({ where: { id } });
  if (!c) return { ok: false, code: "not_found", message: "That day is not in the calendar (removed already?)." };
  await db.$transaction(async (tx) => {
    await tx.schoolClosure.delete({ where: { id } });
    await writeAudit(tx, actor, {
      action: "calendar.closure.remove",
      targetType: "SchoolClosure",
      targetId: id,
      before: { startDate: c.startDate, endDate: c.endDate, reason: c.reason },
    });
  });
  return { ok: true, message: `Removed "${c.reason}" (${closureDays(c)}): those days are school days again.` };
}

export type ClosureRowError = { line: number; message: string };
export type ClosureImport = { added: number; unchanged: number; errors: ClosureRowError[] };

/** Largest calendar file accepted: a school year is a few dozen lines. */
export const MAX_CLOSURES_CSV_BYTES = 256 * 1024;
const HEADER_WORDS = new Set(["date", "start", "startdate", "from", "first day"]);

/**
 * A calendar CSV: one line per day or range, `date,reason` or `start,end,reason` (a header row is
 * optional). All or nothing: any row error adds nothing. Entries already there are left as they
 * are, so importing the same file twice adds nothing.
 */
export async function importClosures(db: PrismaClient, text: string, actor: Actor): Promise<ClosureImport> {
  const result: ClosureImport = { added: 0, unchanged: 0, errors: [] };
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: true, info: true }) as unknown as typeof rows;
  } catch (e) {
    return { ...result, errors: [{ line: (e as { lines?: number }).lines ?? 1, message: `Not valid CSV: ${(e as Error).message}` }] };
  }
  if (rows.length && HEADER_WORDS.has((rows[0].record[0] ?? "").toLowerCase())) rows = rows.slice(1);
  if (rows.length === 0) return { ...result, errors: [{ line: 1, message: "The file has no days in it." }] };
  const planned: (ClosureInput & { line: number })[] = [];
  for (const { record, info } of rows) {
    const cells = record.map((c) => c.trim());
    const [startDate, endDate, reason] =
      cells.length >= 3 ? [cells[0], cells[1], cells.slice(2).join(", ")] : [cells[0], "", cells[1] ?? ""];
    const parsed = closureSchema.safeParse({ startDate, endDate, reason });
    if (!parsed.success) {
      result.errors.push({ line: info.lines, message: parsed.error.issues.map((i) => i.message).join(" ") });
      continue;
    }
    const c = parsed.data;
    const existing = await overlapping(db, c);
    if (existing && existing.startDate === c.startDate && existing.endDate === c.endDate) {
      result.unchanged++;
      continue;
    }
    const clash = existing ?? planned.find((p) => p.startDate <= c.endDate && p.endDate >= c.startDate);
    if (clash) {
      const where = "line" in clash ? `line ${clash.line}` : "the calendar";
      result.errors.push({ line: info.lines, message: `${closureDays(c)} overlaps "${clash.reason}" (${where}).` });
      continue;
    }
    planned.push({ ...c, line: info.lines });
  }
  if (result.errors.length) return { ...result, unchanged: 0 };
  await db.$transaction(async (tx) => {
    for (const { line: _line, ...c } of planned) {
      const made = await tx.schoolClosure.create({ data: c });
      await writeAudit(tx, actor, { action: "calendar.closure.add", targetType: "SchoolClosure", targetId: made.id, after: c });
    }
  });
  return { ...result, added: planned.length };
}

/** "2 days added, 1 already in the calendar." */
export function closureImportSummary(r: ClosureImport): string {
  return `${count(r.added, "entry", "entries")} added, ${r.unchanged} already in the calendar.`;
}
