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
/** A parent, guardian or relative: told about absences, never signs in. */
export type RosterGuardian = {
  sourcedId: string;
  givenName: string;
  familyName: string;
  email: string | null;
  language: string | null;
  line: number;
};
/** A guardian told about a student, from either row's `agentSourcedIds` (OneRoster 1.1 allows both). */
export type RosterGuardianship = { guardianSourcedId: string; studentSourcedId: string; line: number };
export type RosterTeacher = { sourcedId: string; email: string; name: string; line: number };
/** `periods`: OneRoster's list of the day's periods the class meets in ("1, 3"), shown as the export has it. */
export type RosterClass = { sourcedId: string; code: string; title: string; room: string | null; periods: string | null; line: number };
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
  guardians: RosterGuardian[];
  guardianships: RosterGuardianship[];
  classes: RosterClass[];
  enrollments: RosterEnrollment[];
};

type Row = { line: number; values: Record<string, string> };

/** OneRoster 1.1 user roles of a student's family: imported as guardians (absence notices). */
const GUARDIAN_ROLES = new Set(["guardian", "parent", "relative"]);
/** OneRoster 1.1 user roles that are not Rollcall users (accepted and skipped). */
const OTHER_ROLES = new Set(["administrator", "aide", "proctor"]);

/** A language tag as rosters give it ("de", "en-GB", "zh-Hant"). */
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/;

/** `agentSourcedIds`: a comma-separated list in one cell. */
const agentsOf = (v: Record<string, string>) =>
  (v.agentSourcedIds ?? "")
    .split(",")
    .map((a) => a.trim())
    .filter(Boolean);

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
  const roster: Roster = { students: [], teachers: [], guardians: [], guardianships: [], classes: [], enrollments: [] };
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

  const ROLES = ["student", "teacher", ...GUARDIAN_ROLES, ...OTHER_ROLES];
  const userFirst = seen("users.csv");
  const identifiers = new Map<string, number>();
  /** Each active user's role by sourcedId, and the agents its row lists, to check references after. */
  const roleOf = new Map<string, string>();
  const agentRows: { line: number; sourcedId: string; role: "student" | "guardian"; agents: string[] }[] = [];
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
      roleOf.set(v.sourcedId, "student");
      agentRows.push({ line: row.line, sourcedId: v.sourcedId, role: "student", agents: agentsOf(v) });
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
      roleOf.set(v.sourcedId, "teacher");
    } else if (GUARDIAN_ROLES.has(role)) {
      if (!need("givenName") || !need("familyName")) continue;
      // An email is optional (a guardian without one is listed, never notified); a malformed one is an error.
      const address = (v.email ?? "").trim().toLowerCase();
      if (address && !rosterEmailSchema.safeParse(address).success) {
        errors.push({
          file: "users.csv",
          line: row.line,
          message: `Guardian "${v.sourcedId}" has an email that is not valid ("${v.email}").`,
        });
        continue;
      }
      const language = (v.preferredLanguage ?? v.language ?? "").trim();
      if (language && !LANGUAGE_TAG.test(language)) {
        errors.push({ file: "users.csv", line: row.line, message: `Language "${language}" is not a language tag (e.g. en, de, pt-BR).` });
        continue;
      }
      roster.guardians.push({
        sourcedId: v.sourcedId,
        givenName: v.givenName,
        familyName: v.familyName,
        email: address || null,
        language: language || null,
        line: row.line,
      });
      roleOf.set(v.sourcedId, "guardian");
      agentRows.push({ line: row.line, sourcedId: v.sourcedId, role: "guardian", agents: agentsOf(v) });
    } else if (!OTHER_ROLES.has(role)) {
      // A role OneRoster does not have ("pupil", a typo, an empty cell) would silently drop a
      // student or teacher: the row is an error, and nothing is imported until it is fixed.
      errors.push({
        file: "users.csv",
        line: row.line,
        message: `Unknown role "${v.role ?? ""}": OneRoster 1.1 roles are ${[...ROLES].join(", ")}.`,
      });
    }
    // Other OneRoster roles (administrator, aide, proctor) do not use Rollcall.
  }

  // A user or class whose own row was refused is reported once, at that row: rows that name it
  // (enrollments, agents) are not errors of their own ("Unknown student" for a duplicate identifier).
  const refused = (file: RosterFileName, accepted: (id: string) => boolean) => {
    const lines = new Set(errors.filter((e) => e.file === file).map((e) => e.line));
    return new Set(
      parsed[file].filter((r) => lines.has(r.line) && r.values.sourcedId && !accepted(r.values.sourcedId)).map((r) => r.values.sourcedId),
    );
  };
  const refusedUsers = refused("users.csv", (id) => roleOf.has(id));

  // Guardianships: a student's agents are its guardians, a guardian's agents its students. Either
  // side may list the link (or both); every reference must name an active user of the other kind.
  const links = new Map<string, RosterGuardianship>();
  for (const row of agentRows) {
    const want = row.role === "student" ? "guardian" : "student";
    const what = row.role === "student" ? "a parent, guardian or relative" : "a student";
    for (const agent of row.agents) {
      if (refusedUsers.has(agent)) continue;
      const role = roleOf.get(agent);
      if (role !== want) {
        errors.push({
          file: "users.csv",
          line: row.line,
          message: role
            ? `agentSourcedIds names "${agent}", a ${role}: the agents of a ${row.role} must be ${what}.`
            : `agentSourcedIds names "${agent}", not an active user in users.csv (it must be ${what}).`,
        });
        continue;
      }
      const [guardianSourcedId, studentSourcedId] = row.role === "guardian" ? [row.sourcedId, agent] : [agent, row.sourcedId];
      const key = `${guardianSourcedId}\u0000${studentSourcedId}`;
      if (!links.has(key)) links.set(key, { guardianSourcedId, studentSourcedId, line: row.line });
    }
  }
  roster.guardianships.push(...links.values());

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
    roster.classes.push({
      sourcedId: v.sourcedId,
      code,
      title: v.title,
      room: v.location || null,
      periods: periodsOf(v.periods),
      line: row.line,
    });
  }

  const classIds = new Set(roster.classes.map((c) => c.sourcedId));
  const refusedClasses = refused("classes.csv", (id) => classIds.has(id));
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
    if (refusedClasses.has(v.classSourcedId) || refusedUsers.has(v.userSourcedId)) continue;
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

/** OneRoster's `periods` ("1,3", "1, 3", "P1;P2"): its items trimmed and joined by ", "; null when empty. */
function periodsOf(raw: string | undefined): string | null {
  const items = (raw ?? "")
    .split(/[,;]/)
    .map((p) => p.trim())
    .filter(Boolean);
  return items.length ? items.join(", ").slice(0, 100) : null;
}
