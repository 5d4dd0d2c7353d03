// OneRoster 1.1 CSV (users.csv, classes.csv, enrollments.csv) → a validated roster.
// Environment-free: takes file texts, returns rows or row-level errors naming file and line.
import { parse } from "csv-parse/sync";
import { rosterDateSchema, rosterEmailSchema } from "@/lib/validations/roster";

export type RowError = { file: string; line: number; message: string };

export const ROSTER_FILES = ["users.csv", "classes.csv", "enrollments.csv"] as const;
export type RosterFileName = (typeof ROSTER_FILES)[number];

const REQUIRED_COLUMNS: Record<RosterFileName, string[]> = {
  "users.csv": ["sourcedId", "role", "givenName", "familyName"],
  "classes.csv": ["sourcedId", "title"],
  "enrollments.csv": ["sourcedId", "classSourcedId", "userSourcedId", "role"],
};

export type RosterStudent = { sourcedId: string; identifier: string; givenName: string; familyName: string; line: number };
export type RosterTeacher = { sourcedId: string; email: string; name: string; line: number };
export type RosterClass = { sourcedId: string; code: string; title: string; room: string | null; line: number };
export type RosterEnrollment = {
  sourcedId: string;
  classSourcedId: string;
  userSourcedId: string;
  role: "student" | "teacher";
  beginDate: string | null;
  endDate: string | null;
  line: number;
};

export type Roster = {
  students: RosterStudent[];
  teachers: RosterTeacher[];
  classes: RosterClass[];
  enrollments: RosterEnrollment[];
};

type Row = { line: number; values: Record<string, string> };

/** OneRoster 1.1 user roles that are not Rollcall users (accepted and skipped). */
const OTHER_ROLES = new Set(["administrator", "aide", "guardian", "parent", "proctor", "relative"]);

/** Parses one CSV file (BOM, quoted fields, CRLF handled by csv-parse) and checks its header. */
export function parseRosterCsv(file: RosterFileName, text: string): { rows: Row[]; errors: RowError[] } {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim()),
      skip_empty_lines: true,
      trim: true,
      info: true,
    });
  } catch (e) {
    const err = e as Error & { lines?: number };
    return { rows: [], errors: [{ file, line: err.lines ?? 1, message: `Not valid CSV: ${err.message.replace(/^Invalid.*?: /, "")}` }] };
  }
  if (text.replace(/^\uFEFF/, "").trim() === "")
    return { rows: [], errors: [{ file, line: 1, message: "The file is empty (a header row is required)." }] };
  const header = Object.keys(records[0]?.record ?? {});
  if (records.length === 0) {
    // Only a header: csv-parse returns no records; read the header to check it anyway.
    const first = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0];
    header.push(...first.split(",").map((h) => h.trim().replace(/^"|"$/g, "")));
  }
  const missing = REQUIRED_COLUMNS[file].filter((c) => !header.includes(c));
  if (missing.length)
    return { rows: [], errors: [{ file, line: 1, message: `Missing column${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}.` }] };
  return { rows: records.map((r) => ({ line: r.info.lines, values: r.record })), errors: [] };
}

const active = (row: Row) => (row.values.status ?? "").toLowerCase() !== "tobedeleted";

/** Validates the three files together (references between them included). */
export function readRoster(files: Partial<Record<string, string>>): { roster: Roster; errors: RowError[] } {
  const errors: RowError[] = [];
  const roster: Roster = { students: [], teachers: [], classes: [], enrollments: [] };
  const parsed = {} as Record<RosterFileName, Row[]>;
  for (const file of ROSTER_FILES) {
    const text = files[file];
    if (text === undefined) {
      errors.push({ file, line: 0, message: `${file} is missing.` });
      parsed[file] = [];
      continue;
    }
    const r = parseRosterCsv(file, text);
    errors.push(...r.errors);
    parsed[file] = r.rows;
  }

  const seen = (file: string) => {
    const lines = new Map<string, number>();
    return (row: Row): boolean => {
      const id = row.values.sourcedId;
      if (!id) {
        errors.push({ file, line: row.line, message: "sourcedId is empty." });
        return false;
      }
      const first = lines.get(id);
      if (first !== undefined) {
        errors.push({ file, line: row.line, message: `Duplicate sourcedId "${id}" (first on line ${first}).` });
        return false;
      }
      lines.set(id, row.line);
      return true;
    };
  };

  const ROLES = ["student", "teacher", ...OTHER_ROLES];
  const userFirst = seen("users.csv");
  const identifiers = new Map<string, number>();
  for (const row of parsed["users.csv"]) {
    if (!userFirst(row) || !active(row)) continue;
    const v = row.values;
    const role = (v.role ?? "").toLowerCase();
    const need = (field: string) => {
      if (!v[field]) errors.push({ file: "users.csv", line: row.line, message: `${field} is empty.` });
      return Boolean(v[field]);
    };
    if (role === "student") {
      if (!need("givenName") || !need("familyName")) continue;
      const identifier = v.identifier || v.username || v.sourcedId;
      const clash = identifiers.get(identifier);
      if (clash !== undefined) {
        errors.push({ file: "users.csv", line: row.line, message: `Duplicate identifier "${identifier}" (also on line ${clash}).` });
        continue;
      }
      identifiers.set(identifier, row.line);
      roster.students.push({ sourcedId: v.sourcedId, identifier, givenName: v.givenName, familyName: v.familyName, line: row.line });
    } else if (role === "teacher") {
      if (!need("givenName") || !need("familyName")) continue;
      const address = (v.email ?? "").toLowerCase();
      if (!rosterEmailSchema.safeParse(address).success) {
        errors.push({
          file: "users.csv",
          line: row.line,
          message: `Teacher "${v.sourcedId}" needs a valid email to sign in (got "${v.email ?? ""}").`,
        });
        continue;
      }
      roster.teachers.push({ sourcedId: v.sourcedId, email: address, name: `${v.givenName} ${v.familyName}`, line: row.line });
    } else if (!OTHER_ROLES.has(role)) {
      // A role OneRoster does not have ("pupil", a typo, an empty cell) would silently drop a
      // student or teacher: the row is an error, and nothing is imported until it is fixed.
      errors.push({
        file: "users.csv",
        line: row.line,
        message: `Unknown role "${v.role ?? ""}": OneRoster 1.1 roles are ${[...ROLES].join(", ")}.`,
      });
    }
    // Other OneRoster roles (administrator, aide, guardian, parent, …) do not use Rollcall.
  }

  const classFirst = seen("classes.csv");
  const codes = new Map<string, number>();
  for (const row of parsed["classes.csv"]) {
    if (!classFirst(row) || !active(row)) continue;
    const v = row.values;
    if (!v.title) {
      errors.push({ file: "classes.csv", line: row.line, message: "title is empty." });
      continue;
    }
    const code = v.classCode || v.sourcedId;
    const clash = codes.get(code);
    if (clash !== undefined) {
      errors.push({ file: "classes.csv", line: row.line, message: `Duplicate classCode "${code}" (also on line ${clash}).` });
      continue;
    }
    codes.set(code, row.line);
    roster.classes.push({ sourcedId: v.sourcedId, code, title: v.title, room: v.location || null, line: row.line });
  }

  const classIds = new Set(roster.classes.map((c) => c.sourcedId));
  const studentIds = new Set(roster.students.map((s) => s.sourcedId));
  const teacherIds = new Set(roster.teachers.map((t) => t.sourcedId));
  const enrollmentFirst = seen("enrollments.csv");
  const pairs = new Map<string, number>();
  for (const row of parsed["enrollments.csv"]) {
    if (!enrollmentFirst(row) || !active(row)) continue;
    const v = row.values;
    const role = (v.role ?? "").toLowerCase();
    if (role !== "student" && role !== "teacher") continue;
    const fail = (message: string) => errors.push({ file: "enrollments.csv", line: row.line, message });
    if (!classIds.has(v.classSourcedId)) {
      fail(`Unknown class "${v.classSourcedId}" (not an active class in classes.csv).`);
      continue;
    }
    const known = role === "student" ? studentIds : teacherIds;
    if (!known.has(v.userSourcedId)) {
      fail(`Unknown ${role} "${v.userSourcedId}" (not an active ${role} in users.csv).`);
      continue;
    }
    const dates = [v.beginDate, v.endDate].map((d) => d || null);
    const bad = dates.find((d) => d !== null && !rosterDateSchema.safeParse(d).success);
    if (bad) {
      fail(`Invalid date "${bad}" (use YYYY-MM-DD).`);
      continue;
    }
    if (dates[0] && dates[1] && dates[1] < dates[0]) {
      fail(`endDate ${dates[1]} is before beginDate ${dates[0]}.`);
      continue;
    }
    const pair = `${v.classSourcedId}\u0000${v.userSourcedId}`;
    const clash = pairs.get(pair);
    if (clash !== undefined) {
      fail(`"${v.userSourcedId}" is enrolled in "${v.classSourcedId}" twice (also on line ${clash}).`);
      continue;
    }
    pairs.set(pair, row.line);
    roster.enrollments.push({
      sourcedId: v.sourcedId,
      classSourcedId: v.classSourcedId,
      userSourcedId: v.userSourcedId,
      role,
      beginDate: dates[0],
      endDate: dates[1],
      line: row.line,
    });
  }
  errors.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return { roster, errors };
}
