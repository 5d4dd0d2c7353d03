// Meeting times from a CSV (a timetable export): one row per class and time, with the weekdays
// it meets on. All or nothing: any row error writes nothing. Rows already in the schedule are
// left as they are, so importing the same file twice adds nothing.
import { parse } from "csv-parse/sync";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { writeAudit, type Actor } from "@/lib/audit";
import { formatMeeting } from "./schedule";
import { count } from "@/lib/text";

export type MeetingRowError = { line: number; message: string };
export type MeetingImport = { added: number; unchanged: number; errors: MeetingRowError[]; dryRun: boolean };

export const MEETINGS_CSV_COLUMNS = ["classCode", "weekdays", "start", "end"] as const;
/** Largest file accepted: a big school's timetable is a few hundred rows. */
export const MAX_MEETINGS_CSV_BYTES = 1024 * 1024;

const DAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/** ISO weekday of "Mon", "monday", "Mo", "1"; null if it is none. */
function weekdayOf(word: string): number | null {
  const w = word.trim().toLowerCase().replace(/\.$/, "");
  if (/^[1-7]$/.test(w)) return Number(w);
  if (w.length < 2) return null;
  const i = DAY_NAMES.findIndex((d) => d.startsWith(w));
  return i >= 0 ? i + 1 : null;
}

/** "Mon-Fri", "Mon–Wed, Fri", "Tue Thu", "1-5": ISO weekdays, sorted; null when any part is not a day. */
export function parseWeekdays(text: string): number[] | null {
  const parts = text
    .split(/[,;/\s]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return null;
  const days = new Set<number>();
  for (const part of parts) {
    const range = part.split(/[-–]/);
    if (range.length === 2) {
      const [from, to] = range.map(weekdayOf);
      if (!from || !to || to < from) return null;
      for (let d = from; d <= to; d++) days.add(d);
    } else {
      const d = weekdayOf(part);
      if (!d) return null;
      days.add(d);
    }
  }
  return [...days].sort();
}

/** "8:05" or "08:05" → 485; null otherwise. */
function minuteOf(text: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Checks every row against the classes and their schedules; with `dryRun` false, adds the new meetings in one transaction. */
export async function importMeetings(db: PrismaClient, text: string, actor: Actor, { dryRun = false } = {}): Promise<MeetingImport> {
  const result: MeetingImport = { added: 0, unchanged: 0, errors: [], dryRun };
  const fail = (line: number, message: string) => result.errors.push({ line, message });
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, columns: (h: string[]) => h.map((x) => x.trim()), skip_empty_lines: true, trim: true, info: true });
  } catch (e) {
    return { ...result, errors: [{ line: (e as { lines?: number }).lines ?? 1, message: `Not valid CSV: ${(e as Error).message}` }] };
  }
  const header = text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/, 1)[0]
    .split(",")
    .map((h) => h.trim().replace(/^"|"$/g, ""));
  const missing = MEETINGS_CSV_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length)
    return {
      ...result,
      errors: [
        {
          line: 1,
          message: `Missing column${missing.length > 1 ? "s" : ""}: ${missing.join(", ")} (the header must be ${MEETINGS_CSV_COLUMNS.join(",")}).`,
        },
      ],
    };
  if (records.length === 0) return { ...result, errors: [{ line: 1, message: "The file has no meetings below its header." }] };

  const classes = await db.class.findMany({ where: { status: "ACTIVE" }, select: { id: true, code: true, meetings: true } });
  const byCode = new Map(classes.map((c) => [c.code.toLowerCase(), c]));
  type Planned = { line: number; classId: string; code: string; weekday: number; startMinute: number; endMinute: number };
  const planned: Planned[] = [];
  for (const { record: v, info } of records) {
    const line = info.lines;
    const klass = byCode.get((v.classCode ?? "").toLowerCase());
    const weekdays = parseWeekdays(v.weekdays ?? "");
    const start = minuteOf(v.start ?? "");
    const end = minuteOf(v.end ?? "");
    if (!klass) fail(line, `No active class with the code "${v.classCode ?? ""}".`);
    if (!weekdays) fail(line, `"${v.weekdays ?? ""}" is not a list of weekdays (e.g. Mon-Fri, or Mon,Wed,Fri).`);
    if (start === null) fail(line, `Start "${v.start ?? ""}" is not a time like 08:30.`);
    if (end === null) fail(line, `End "${v.end ?? ""}" is not a time like 09:20.`);
    if (!klass || !weekdays || start === null || end === null) continue;
    if (end <= start) {
      fail(line, `The end (${v.end}) must be after the start (${v.start}).`);
      continue;
    }
    for (const weekday of weekdays) {
      const m = { weekday, startMinute: start, endMinute: end };
      const same = klass.meetings.find((x) => x.weekday === weekday && x.startMinute === start && x.endMinute === end);
      if (same) {
        result.unchanged++;
        continue;
      }
      const clash =
        klass.meetings.find((x) => x.weekday === weekday && x.startMinute < end && x.endMinute > start) ??
        planned.find((p) => p.classId === klass.id && p.weekday === weekday && p.startMinute < end && p.endMinute > start);
      if (clash) {
        const where = "line" in clash ? `line ${clash.line}` : "the schedule";
        fail(line, `${klass.code} ${formatMeeting(m)} overlaps ${formatMeeting(clash)} (${where}).`);
        continue;
      }
      planned.push({ line, classId: klass.id, code: klass.code, ...m });
    }
  }
  result.errors.sort((a, b) => a.line - b.line);
  if (result.errors.length || dryRun) return { ...result, added: result.errors.length ? 0 : planned.length };
  await db.$transaction(async (tx) => {
    for (const p of planned) {
      const created = await tx.classMeeting.create({
        data: { classId: p.classId, weekday: p.weekday, startMinute: p.startMinute, endMinute: p.endMinute },
      });
      await writeAudit(tx, actor, {
        action: "class.meeting.add",
        targetType: "Class",
        targetId: p.classId,
        after: { id: created.id, weekday: p.weekday, startMinute: p.startMinute, endMinute: p.endMinute, from: "csv" },
      });
    }
  });
  return { ...result, added: planned.length };
}

/** "12 meetings added; 3 were in the schedule already." */
export function meetingImportSummary(r: MeetingImport): string {
  if (r.errors.length) return `The file has ${count(r.errors.length, "error")}: nothing was imported.`;
  const verb = r.dryRun ? "would be added" : "added";
  return `${count(r.added, "meeting")} ${verb}${r.unchanged ? `; ${count(r.unchanged, "was", "were")} in the schedule already` : ""}.`;
}
