// OneRoster import: preview, all-or-nothing apply, idempotence, removals, and the edge
// cases that must be clear errors writing nothing.
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { zipSync, strToU8 } from "fflate";
import { applyRosterImport, previewRosterImport } from "@/lib/roster/import";
import { RosterImportError } from "@/lib/roster/plan";
import { rosterFilesFromZip, RosterSourceError } from "@/lib/roster/sources";
import { freshDb } from "./helpers";

const DIR = path.resolve("tests/fixtures/roster");
const fixture = () =>
  Object.fromEntries(["users.csv", "classes.csv", "enrollments.csv"].map((f) => [f, fs.readFileSync(path.join(DIR, f), "utf8")]));

let ctx: Awaited<ReturnType<typeof freshDb>>;
beforeEach(async () => {
  ctx = await freshDb();
});
afterEach(() => ctx.cleanup());

/** Row counts of every table the import writes. */
async function counts() {
  const db = ctx.db;
  return {
    students: await db.student.count(),
    users: await db.user.count(),
    classes: await db.class.count(),
    enrollments: await db.enrollment.count(),
    teaching: await db.classTeacher.count(),
    audit: await db.auditLog.count(),
  };
}

async function expectRejected(files: Record<string, string>, message: RegExp | string, where?: { file: string; line: number }) {
  const before = await counts();
  const plan = await previewRosterImport(ctx.db, files);
  expect(plan.errors.map((e) => e.message).join("\n")).toMatch(message);
  if (where) expect(plan.errors).toContainEqual(expect.objectContaining(where));
  await expect(applyRosterImport(ctx.db, files, { label: "test" })).rejects.toBeInstanceOf(RosterImportError);
  expect(await counts()).toEqual(before);
}

describe("import of the fixture export", () => {
  it("previews, applies once, and re-imports as no change", async () => {
    const preview = await previewRosterImport(ctx.db, fixture());
    expect(preview.errors).toEqual([]);
    expect(preview.summary.student.new).toBe(8);
    expect(await ctx.db.student.count()).toBe(0); // a preview writes nothing
    // Changes name people and classes as a person reads them, not by sourcedId.
    expect(preview.changes).toContainEqual(
      expect.objectContaining({ entity: "enrollment", kind: "new", label: "Amy Fowler (S1001) in PHYS-8A" }),
    );

    const applied = await applyRosterImport(ctx.db, fixture(), { label: "test" });
    expect(applied.summary).toMatchObject({
      student: { new: 8 },
      teacher: { new: 1 },
      class: { new: 1 },
      enrollment: { new: 8 },
      teaching: { new: 1 },
    });
    const physics = await ctx.db.class.findUniqueOrThrow({
      where: { code: "PHYS-8A" },
      include: { teachers: { include: { user: true } }, enrollments: true },
    });
    expect(physics).toMatchObject({ title: "Physics 8, section A", room: "Room 214", periods: "1" }); // quoted comma kept; the roster's periods
    expect(physics.teachers.map((t) => t.user.email)).toEqual(["gablehauser@school.test"]);
    expect(physics.enrollments).toHaveLength(8);
    expect(await ctx.db.student.findUniqueOrThrow({ where: { identifier: "S1001" } })).toMatchObject({
      givenName: "Amy",
      familyName: "Fowler",
      sourcedId: "u-amy",
    });

    const before = await counts();
    const again = await applyRosterImport(ctx.db, fixture(), { label: "test" });
    expect(again.changes).toEqual([]);
    expect(again.summary.student.unchanged).toBe(8);
    expect(await counts()).toEqual(before);
  });

  it("archives what left the export, end-dates its enrollments, and keeps manual records", async () => {
    await applyRosterImport(ctx.db, fixture(), { label: "test" });
    await ctx.db.student.create({ data: { identifier: "M1", givenName: "Manual", familyName: "Entry" } });
    const files = fixture();
    files["users.csv"] = files["users.csv"]
      .split("\n")
      .filter((l) => !l.startsWith("u-stuart"))
      .join("\n");
    files["enrollments.csv"] = files["enrollments.csv"]
      .split("\n")
      .filter((l) => !l.startsWith("e-stuart"))
      .join("\n");
    const plan = await applyRosterImport(ctx.db, files, { label: "test" });
    expect(
      plan.changes
        .filter((c) => c.kind === "removed")
        .map((c) => `${c.entity}:${c.sourcedId}`)
        .sort(),
    ).toEqual(["enrollment:e-stuart", "student:u-stuart"]);
    const stuart = await ctx.db.student.findUniqueOrThrow({ where: { sourcedId: "u-stuart" }, include: { enrollments: true } });
    expect(stuart.status).toBe("ARCHIVED");
    expect(stuart.enrollments[0].endDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await ctx.db.student.findUniqueOrThrow({ where: { identifier: "M1" } })).status).toBe("ACTIVE");
    // The same reduced export again: nothing more to do.
    expect((await applyRosterImport(ctx.db, files, { label: "test" })).changes).toEqual([]);
  });

  it("reads the export from a zip, also inside a folder", () => {
    const zip = zipSync({ export: Object.fromEntries(Object.entries(fixture()).map(([k, v]) => [k, strToU8(v)])) });
    expect(Object.keys(rosterFilesFromZip(zip)).sort()).toEqual(["classes.csv", "enrollments.csv", "users.csv"]);
    expect(() => rosterFilesFromZip(strToU8("not a zip"))).toThrow(RosterSourceError);
  });
});

describe("edge cases: a clear error, nothing written", () => {
  it("a bad header (misspelled column)", async () => {
    const files = fixture();
    files["classes.csv"] = files["classes.csv"].replace("sourcedId,", "sourceId,");
    await expectRejected(files, /Missing column: sourcedId/, { file: "classes.csv", line: 1 });
  });

  it("a missing column", async () => {
    const files = fixture();
    files["users.csv"] = files["users.csv"]
      .split("\n")
      .map((l) =>
        l
          .split(",")
          .filter((_, i) => i !== 9)
          .join(","),
      )
      .join("\n");
    await expectRejected(files, /Missing column: familyName/, { file: "users.csv", line: 1 });
  });

  it("a duplicate sourcedId", async () => {
    const files = fixture();
    files["users.csv"] += "u-amy,active,2026-08-20T00:00:00Z,true,org-1,student,amy2,,Amy,Again,,S1999,,,,,08,\n";
    await expectRejected(files, /Duplicate sourcedId "u-amy" \(first on line 2\)/, { file: "users.csv", line: 11 });
  });

  it("a role OneRoster does not have (a student would silently be left out)", async () => {
    const files = fixture();
    files["users.csv"] += "u-pupil,active,2026-08-20T00:00:00Z,true,org-1,pupil,p1,,,Nobody,,S1998,,,,,08,\n";
    await expectRejected(
      files,
      /Unknown role "pupil": OneRoster 1\.1 roles are student, teacher, guardian, parent, relative, administrator/,
      {
        file: "users.csv",
        line: 11,
      },
    );
    // An aide is a OneRoster role Rollcall does not use: accepted and skipped.
    const withAide = fixture();
    withAide["users.csv"] += "u-aide,active,2026-08-20T00:00:00Z,true,org-1,aide,pa1,,Pat,Fowler,,,pat@example.org,,,,,\n";
    expect((await previewRosterImport(ctx.db, withAide)).errors).toEqual([]);
  });

  it("a refused user or class is reported once: not again as unknown in enrollments (the root error only)", async () => {
    const files = fixture();
    // users.csv line 11: Amy's identifier again, on a new student; classes.csv line 3: a class without a title. Both are enrolled.
    files["users.csv"] += "u-twin,active,2026-08-20T00:00:00Z,true,org-1,student,twin,,Tw,In,,S1001,,,,,08,\n";
    files["classes.csv"] =
      files["classes.csv"].trimEnd() + "\nc-notitle,active,2026-08-20T00:00:00Z,,08,course-x,NT-1,homeroom,,org-1,term-1,,,1\n";
    files["enrollments.csv"] +=
      "e-twin,active,2026-08-20T00:00:00Z,c-phys,org-1,u-twin,student,false,2026-09-01,\n" +
      "e-nt,active,2026-08-20T00:00:00Z,c-notitle,org-1,u-amy,student,false,2026-09-01,\n";
    const plan = await previewRosterImport(ctx.db, files);
    expect(plan.errors.map((e) => `${e.file}:${e.line} ${e.message}`)).toEqual([
      "classes.csv:3 title is empty.",
      'users.csv:11 Duplicate identifier "S1001" (also on line 2).',
    ]);
  });

  it("an unknown class in enrollments", async () => {
    const files = fixture();
    files["enrollments.csv"] += "e-x,active,2026-08-20T00:00:00Z,c-chem,org-1,u-amy,student,false,2026-09-01,\n";
    await expectRejected(files, /Unknown class "c-chem"/, { file: "enrollments.csv", line: 11 });
  });

  it("an empty file, and a missing one", async () => {
    await expectRejected({ ...fixture(), "classes.csv": "" }, /classes.csv|empty/);
    const { "enrollments.csv": _gone, ...rest } = fixture();
    await expectRejected(rest, /enrollments.csv is missing/);
  });

  it("a stray quote", async () => {
    const files = fixture();
    files["users.csv"] += 'u-x,active,2026-08-20T00:00:00Z,true,org-1,student,x,,"Broken,Quote,,S1,,,,,08,\n';
    await expectRejected(files, /Not valid CSV/);
  });

  it("accepts a BOM, CRLF line ends and quoted commas", async () => {
    const files = fixture();
    files["users.csv"] = "\uFEFF" + files["users.csv"].replace("Bloom", '"Bloom, Jr."').replace(/\n/g, "\r\n");
    const plan = await applyRosterImport(ctx.db, files, { label: "test" });
    expect(plan.summary.student.new).toBe(8);
    expect((await ctx.db.student.findUniqueOrThrow({ where: { sourcedId: "u-stuart" } })).familyName).toBe("Bloom, Jr.");
  });

  it("an identifier that belongs to another student already", async () => {
    await ctx.db.student.create({ data: { identifier: "S1001", givenName: "Someone", familyName: "Else" } });
    await expectRejected(fixture(), /Identifier "S1001" belongs to another student/);
  });
});

describe("guardians (parents, guardians, relatives) and their links", () => {
  const GUARDIANS = path.resolve("tests/fixtures/roster-guardians");
  const withGuardians = () =>
    Object.fromEntries(["users.csv", "classes.csv", "enrollments.csv"].map((f) => [f, fs.readFileSync(path.join(GUARDIANS, f), "utf8")]));
  const linksOf = async () =>
    (
      await ctx.db.guardianLink.findMany({
        select: { fromRoster: true, guardian: { select: { sourcedId: true } }, student: { select: { sourcedId: true } } },
      })
    )
      .map((l) => `${l.guardian.sourcedId}→${l.student.sourcedId}`)
      .sort();

  it("imports guardians with email and language, linked from either side, and re-imports as no change", async () => {
    const plan = await applyRosterImport(ctx.db, withGuardians(), { label: "test" });
    expect(plan.summary.guardian).toMatchObject({ new: 5 });
    expect(plan.summary.guardianship).toMatchObject({ new: 6 });
    expect(await linksOf()).toEqual([
      "g-fowler→u-amy", // from the guardian's row
      "g-kooth→u-raj", // from the student's row
      "g-mary→u-sheldon", // from both rows: one link
      "g-noemail→u-penny",
      "g-rosten→u-bernadette", // a quoted comma list
      "g-rosten→u-howard",
    ]);
    expect(await ctx.db.guardian.findUniqueOrThrow({ where: { sourcedId: "g-rosten" } })).toMatchObject({
      email: "rostenkowski@family.test",
      language: "de",
      status: "ACTIVE",
    });
    expect((await ctx.db.guardian.findUniqueOrThrow({ where: { sourcedId: "g-noemail" } })).email).toBeNull();
    expect(plan.changes).toContainEqual(
      expect.objectContaining({ entity: "guardianship", kind: "new", label: "Mrs Rostenkowski for Howard Wolowitz (S1003)" }),
    );

    const again = await previewRosterImport(ctx.db, withGuardians());
    expect(again.changes).toEqual([]);
    expect(again.summary.guardianship.unchanged).toBe(6);
  });

  it("archives a guardian gone from the export and removes links gone from it; links made by hand stay", async () => {
    await applyRosterImport(ctx.db, withGuardians(), { label: "test" });
    const stuart = await ctx.db.student.findUniqueOrThrow({ where: { sourcedId: "u-stuart" } });
    const mary = await ctx.db.guardian.findUniqueOrThrow({ where: { sourcedId: "g-mary" } });
    await ctx.db.guardianLink.create({ data: { guardianId: mary.id, studentId: stuart.id } }); // by an admin

    const files = withGuardians();
    files["users.csv"] = files["users.csv"]
      .split("\n")
      .filter((l) => !l.startsWith("g-noemail,"))
      .join("\n")
      .replace('"u-bernadette,u-howard"', "u-bernadette");
    const plan = await applyRosterImport(ctx.db, files, { label: "test" });
    expect(plan.summary.guardian).toMatchObject({ removed: 1 });
    expect(plan.summary.guardianship).toMatchObject({ removed: 2 });
    expect(await ctx.db.guardian.findUniqueOrThrow({ where: { sourcedId: "g-noemail" } })).toMatchObject({ status: "ARCHIVED" });
    expect(await linksOf()).toEqual(["g-fowler→u-amy", "g-kooth→u-raj", "g-mary→u-sheldon", "g-mary→u-stuart", "g-rosten→u-bernadette"]);
  });

  it("a bad agentSourcedIds reference is a row error with file and line", async () => {
    const unknown = withGuardians();
    unknown["users.csv"] = unknown["users.csv"].replace(
      "u-raj,active,2026-08-20T00:00:00Z,true,org-1,student,raj.k,,Raj,Koothrappali,,S1006,,,,g-kooth",
      "u-raj,active,2026-08-20T00:00:00Z,true,org-1,student,raj.k,,Raj,Koothrappali,,S1006,,,,g-nobody",
    );
    await expectRejected(unknown, /agentSourcedIds names "g-nobody", not an active user in users.csv/, { file: "users.csv", line: 7 });

    const wrongKind = withGuardians();
    wrongKind["users.csv"] = wrongKind["users.csv"].replace(",u-amy,,,en", ",t-gablehauser,,,en");
    await expectRejected(wrongKind, /agentSourcedIds names "t-gablehauser", a teacher: the agents of a guardian must be a student/, {
      file: "users.csv",
      line: 11,
    });
    expect(await ctx.db.guardian.count()).toBe(0);
  });

  it("a guardian's malformed email is a row error; a missing one is not", async () => {
    const files = withGuardians();
    files["users.csv"] = files["users.csv"].replace("priya@family.test", "priya-at-family");
    await expectRejected(files, /Guardian "g-kooth" has an email that is not valid/, { file: "users.csv", line: 12 });
  });
});

describe("periods", () => {
  it("OneRoster's periods column, as a list, kept with the class (shown, not used for times)", async () => {
    const { readRoster } = await import("@/lib/roster/oneroster");
    const files = fixture();
    const header = files["classes.csv"]!.split("\n")[0];
    files["classes.csv"] =
      `${header}\nc-two,active,2026-08-20T00:00:00Z,Two periods,08,course,TWO-1,scheduled,Room 9,org-1,term-1,Art,,"1, 3;4"\n`;
    expect(readRoster(files).roster.classes.map((c) => c.periods)).toEqual(["1, 3, 4"]);
  });
});
