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
    expect(physics).toMatchObject({ title: "Physics 8, section A", room: "Room 214" }); // quoted comma kept
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
    await expectRejected(files, /Unknown role "pupil": OneRoster 1\.1 roles are student, teacher, administrator/, {
      file: "users.csv",
      line: 11,
    });
    // A parent's row is a OneRoster role Rollcall does not use: accepted and skipped.
    const withParent = fixture();
    withParent["users.csv"] += "u-parent,active,2026-08-20T00:00:00Z,true,org-1,parent,pa1,,Pat,Fowler,,,pat@example.org,,,,,\n";
    expect((await previewRosterImport(ctx.db, withParent)).errors).toEqual([]);
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
