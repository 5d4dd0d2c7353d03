// Consent from a file (the downloaded consent list edited in a spreadsheet, or a list of paper
// forms): read → plan (a preview, writes nothing) → apply exactly the previewed plan.
//
// A file with a consent column sets each row to what it says. `none` means "nothing recorded
// here" and never changes a student: not even a granted one, since un-granting without
// withdrawing would leave photos behind, and a blank on a form is not a withdrawal. A file without
// a consent column is applied to everyone listed only when the caller chose grant or withdraw.
// All or nothing: any row error and nothing is applied.
import crypto from "node:crypto";
import { parse } from "csv-parse/sync";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { ConsentStatus } from "@/lib/generated/prisma/enums";
import type { Actor } from "@/lib/audit";
import type { Db } from "@/lib/db/types";
import { studentName } from "@/lib/names";
import { count } from "@/lib/text";
import { InputError } from "@/lib/result";
import { consentCellSchema, type ConsentCell } from "@/lib/validations/consent";
import { recordConsent, type ConsentVia } from "@/lib/consent";

export type ConsentRowError = { line: number; message: string };
/** `file`: each row as its consent column says; GRANTED / WITHDRAWN: the same for every student listed. */
export type ConsentMode = "file" | "GRANTED" | "WITHDRAWN";

export type PlannedConsent = {
  studentId: string;
  identifier: string;
  name: string;
  line: number;
  says: ConsentCell;
  from: ConsentStatus;
  /** `from` when nothing changes. */
  to: ConsentStatus;
  /** The status changes, or a withdrawal deletes photos or templates left behind. */
  changed: boolean;
  /** What a withdrawal deletes. */
  photos: number;
  templates: number;
};

/** `hash`: of every planned row and the state it starts from; Apply refuses a plan whose hash moved. */
export type ConsentPlan = { errors: ConsentRowError[]; items: PlannedConsent[]; changed: number; unchanged: number; hash: string };

export class ConsentImportError extends InputError {
  constructor(readonly errors: ConsentRowError[]) {
    super(`The file has ${count(errors.length, "error")}; nothing was changed.`);
  }
}

export class StaleConsentPlanError extends InputError {
  constructor() {
    super("Consent or photos changed since the preview, so nothing was changed. Preview the file again.");
  }
}

// Header names as spreadsheets and information systems write them, compared without case,
// spaces, "_" or "-": "Student ID", "student_number", "studentId", "consent status".
const IDENTIFIER_HEADERS = ["identifier", "studentid", "studentnumber"];
const SOURCED_ID_HEADER = "sourcedid";
const CONSENT_HEADERS = ["consent", "consentstatus"];
const normalise = (header: string) => header.toLowerCase().replace(/[\s_-]+/g, "");

type FileRow = { line: number; key: string; says: ConsentCell | null };
/** `errors`: row errors, or (with `fatal`) one for the whole file, which stops it being read further. */
type ConsentFile = {
  rows: FileRow[];
  bySourcedId: boolean;
  hasConsentColumn: boolean;
  headerless: boolean;
  errors: ConsentRowError[];
  fatal: boolean;
};

/** Rows of a consent CSV: the identifier and, where the file has a consent column, what it says. */
export function readConsentCsv(text: string): ConsentFile {
  const file: ConsentFile = { rows: [], bySourcedId: false, hasConsentColumn: false, headerless: false, errors: [], fatal: true };
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      trim: true,
      relax_column_count: true,
      info: true,
    }) as unknown as typeof records;
  } catch (e) {
    const err = e as Error & { lines?: number };
    file.errors.push({ line: err.lines ?? 1, message: `Not valid CSV: ${err.message.replace(/^Invalid.*?: /, "")}` });
    return file;
  }
  if (records.length === 0) {
    file.errors.push({ line: 1, message: "The file lists no students." });
    return file;
  }
  const header = records[0].record.map(normalise);
  const idColumn = [...IDENTIFIER_HEADERS, SOURCED_ID_HEADER].map((h) => header.indexOf(h)).find((i) => i >= 0);
  const consentColumn = CONSENT_HEADERS.map((h) => header.indexOf(h)).find((i) => i >= 0);
  file.hasConsentColumn = consentColumn !== undefined;
  if (idColumn === undefined && file.hasConsentColumn) {
    file.errors.push({ line: 1, message: "No identifier column: name it identifier, Student ID or sourcedId." });
    return file;
  }
  file.fatal = false;
  // No known header at all: a plain list of identifiers, one per line (as before).
  file.headerless = idColumn === undefined;
  file.bySourcedId = idColumn !== undefined && header[idColumn] === SOURCED_ID_HEADER;
  for (const { record, info } of file.headerless ? records : records.slice(1)) {
    const key = record[idColumn ?? 0] ?? "";
    if (!key) {
      file.errors.push({ line: info.lines, message: "The identifier is empty." });
      continue;
    }
    let says: ConsentCell | null = null;
    if (consentColumn !== undefined) {
      const cell = consentCellSchema.safeParse(record[consentColumn] ?? "");
      if (!cell.success) {
        file.errors.push({
          line: info.lines,
          message: `Consent "${record[consentColumn] ?? ""}" for ${key} is not understood: write granted, withdrawn or none.`,
        });
        continue;
      }
      says = cell.data;
    }
    file.rows.push({ line: info.lines, key, says });
  }
  if (file.rows.length === 0 && file.errors.length === 0) {
    file.errors.push({ line: 1, message: "The file lists no students." });
    file.fatal = true;
  }
  return file;
}

const TARGET: Record<Exclude<ConsentCell, "none">, "GRANTED" | "WITHDRAWN"> = { granted: "GRANTED", withdrawn: "WITHDRAWN" };

/** What importing this file would change, with every row error. Writes nothing. */
export async function planConsentImport(db: Db, text: string, mode: ConsentMode): Promise<ConsentPlan> {
  const file = readConsentCsv(text);
  const fatal = (errors: ConsentRowError[]): ConsentPlan => ({ errors, items: [], changed: 0, unchanged: 0, hash: "" });
  if (file.fatal) return fatal(file.errors);
  if (mode === "file" && !file.hasConsentColumn)
    return fatal([
      {
        line: 1,
        message:
          'The file has no consent column. Add one headed "consent" (granted, withdrawn or none on each row), or choose to grant or withdraw consent for everyone listed.',
      },
    ]);
  if (mode !== "file" && file.hasConsentColumn)
    return fatal([
      { line: 1, message: "The file has a consent column: import it by that column, so each student gets what their row says." },
    ]);
  const errors = [...file.errors];

  const keys = [...new Set(file.rows.map((r) => r.key))];
  const students = await db.student.findMany({
    where: file.bySourcedId ? { sourcedId: { in: keys } } : { OR: [{ identifier: { in: keys } }, { sourcedId: { in: keys } }] },
    include: { _count: { select: { photos: true, templates: true } } },
  });
  // A local identifier wins over another student's sourcedId (as `consent grant <identifier>` resolves).
  const find = (key: string) =>
    file.bySourcedId
      ? students.find((s) => s.sourcedId === key)
      : (students.find((s) => s.identifier === key) ?? students.find((s) => s.sourcedId === key));

  const items: PlannedConsent[] = [];
  const seen = new Map<string, PlannedConsent>();
  for (const row of file.rows) {
    const s = find(row.key);
    if (!s) {
      const hint = file.headerless && row.line === 1 ? " (no identifier column found: head it identifier, Student ID or sourcedId)" : "";
      errors.push({ line: row.line, message: `Unknown student identifier: ${row.key}${hint}.` });
      continue;
    }
    const says: ConsentCell = row.says ?? (mode === "WITHDRAWN" ? "withdrawn" : "granted");
    const first = seen.get(s.id);
    if (first) {
      if (first.says !== says)
        errors.push({ line: row.line, message: `${s.identifier} is also on line ${first.line}, with consent ${first.says}.` });
      continue;
    }
    const to = says === "none" ? s.consentStatus : TARGET[says];
    const withdraw = to === "WITHDRAWN" && says === "withdrawn";
    const photos = withdraw ? s._count.photos : 0;
    const templates = withdraw ? s._count.templates : 0;
    const item: PlannedConsent = {
      studentId: s.id,
      identifier: s.identifier,
      name: studentName(s),
      line: row.line,
      says,
      from: s.consentStatus,
      to,
      changed: s.consentStatus !== to || photos + templates > 0,
      photos,
      templates,
    };
    seen.set(s.id, item);
    items.push(item);
  }
  if (errors.length) return fatal(errors.sort((a, b) => a.line - b.line));
  items.sort((a, b) => a.identifier.localeCompare(b.identifier));
  const hash = crypto
    .createHash("sha256")
    .update(JSON.stringify(items.map((i) => [i.studentId, i.from, i.to, i.photos, i.templates])))
    .digest("hex");
  const changed = items.filter((i) => i.changed).length;
  return { errors: [], items, changed, unchanged: items.length - changed, hash };
}

/**
 * Applies the plan of this file in one transaction, re-planned inside it: with `expectedHash`
 * (what the preview showed) a plan that moved since is refused, so nothing is applied that was
 * not previewed. Throws ConsentImportError or StaleConsentPlanError and writes nothing.
 */
export async function applyConsentImport(
  db: PrismaClient,
  text: string,
  mode: ConsentMode,
  actor: Actor,
  at: Date,
  via: ConsentVia,
  expectedHash?: string,
): Promise<ConsentPlan> {
  return db.$transaction(
    async (tx) => {
      const plan = await planConsentImport(tx, text, mode);
      if (plan.errors.length) throw new ConsentImportError(plan.errors);
      if (expectedHash !== undefined && plan.hash !== expectedHash) throw new StaleConsentPlanError();
      const students = await tx.student.findMany({ where: { id: { in: plan.items.filter((i) => i.changed).map((i) => i.studentId) } } });
      for (const item of plan.items) {
        const s = students.find((x) => x.id === item.studentId);
        if (item.changed && s && item.to !== "NONE") await recordConsent(tx, s, item.to, actor, at, via);
      }
      return plan;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

/**
 * One student's line as the CLI prints it ("S1001 Amy Fowler: none → granted"); `applied`: after
 * the change (deleted …) rather than before it (would delete …).
 */
export function consentLine(item: PlannedConsent, applied: boolean): string {
  const what = item.changed && item.from !== item.to ? `${item.from.toLowerCase()} → ${item.to.toLowerCase()}` : "";
  const state =
    what || (item.says === "none" ? `${item.from.toLowerCase()}, left as it is (the file says none)` : `already ${item.to.toLowerCase()}`);
  const purge =
    item.photos || item.templates ? ` (${applied ? "deleted" : "would delete"} ${item.photos} photos, ${item.templates} templates)` : "";
  return `${item.identifier} ${item.name}: ${state}${purge}`;
}
