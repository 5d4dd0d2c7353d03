// Consent from a file, on a real database: the downloaded list round-trips without over-granting,
// every row says what it means, the preview is what gets applied, and history comes from the audit.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { descriptorToBytes } from "@/lib/face/match";
import { FACE_MODEL_ID } from "@/lib/face/types";
import { consentCsv, setConsent } from "@/lib/consent";
import { applyConsentImport, ConsentImportError, planConsentImport, StaleConsentPlanError } from "@/lib/consent/import";
import { consentHistory } from "@/lib/consent/reads";
import { listStudents } from "@/lib/data/students";
import { freshDb } from "./helpers";

let ctx: Awaited<ReturnType<typeof freshDb>>;
const AT = new Date("2026-11-30T09:00:00Z");
const ADMIN = { label: "admin@school.test" };

beforeEach(async () => {
  ctx = await freshDb();
  const people: [string, string, string, string][] = [
    ["S1001", "u-amy", "Amy", "Fowler"],
    ["S1002", "u-bernadette", "Bernadette", "Rostenkowski"],
    ["S1003", "u-howard", "Howard", "Wolowitz"],
  ];
  for (const [identifier, sourcedId, givenName, familyName] of people)
    await ctx.db.student.create({ data: { identifier, sourcedId, givenName, familyName } });
});
afterEach(() => ctx.cleanup());

const status = async (identifier: string) => (await ctx.db.student.findUniqueOrThrow({ where: { identifier } })).consentStatus;

/** The downloaded list with each student's consent cell set as given (untouched rows stay as downloaded). */
async function editedList(consent: Record<string, string>): Promise<string> {
  const [header, ...rows] = (await consentCsv(ctx.db)).trimEnd().split("\n");
  return [
    header,
    ...rows.map((row) => {
      const id = row.split(",")[0].replace(/"/g, "");
      return id in consent ? row.replace(/"none"|"granted"|"withdrawn"/, `"${consent[id]}"`) : row;
    }),
  ].join("\n");
}

async function enrollFace(identifier: string) {
  const s = await ctx.db.student.findUniqueOrThrow({ where: { identifier } });
  const photo = await ctx.db.facePhoto.create({
    data: { studentId: s.id, mimeType: "image/jpeg", bytes: new Uint8Array([1, 2, 3]), sha256: identifier, width: 1, height: 1 },
  });
  await ctx.db.faceTemplate.create({
    data: { studentId: s.id, photoId: photo.id, descriptor: descriptorToBytes(new Float32Array(128)), modelId: FACE_MODEL_ID },
  });
  return s;
}

describe("consent from a file", () => {
  it("round-trips the downloaded list: only the row that says granted is granted, none stays none", async () => {
    const text = await editedList({ S1001: "granted" }); // S1002 and S1003 stay "none"
    const plan = await planConsentImport(ctx.db, text, "file");
    expect(plan.errors).toEqual([]);
    expect(plan.items.map((i) => [i.identifier, i.from, i.to, i.changed])).toEqual([
      ["S1001", "NONE", "GRANTED", true],
      ["S1002", "NONE", "NONE", false],
      ["S1003", "NONE", "NONE", false],
    ]);
    expect([plan.changed, plan.unchanged]).toEqual([1, 2]);
    expect(await status("S1001")).toBe("NONE"); // a preview writes nothing

    await applyConsentImport(ctx.db, text, "file", ADMIN, AT, "csv", plan.hash);
    expect([await status("S1001"), await status("S1002"), await status("S1003")]).toEqual(["GRANTED", "NONE", "NONE"]);
    const audit = await ctx.db.auditLog.findMany({ where: { action: { startsWith: "consent." } } });
    expect(audit).toHaveLength(1);
    expect(audit[0].after).toMatchObject({ consentStatus: "GRANTED", via: "csv" });
  });

  it("never un-grants: none on a granted student leaves it granted, listed as unchanged", async () => {
    await setConsent(ctx.db, ["S1002"], "GRANTED", ADMIN, AT);
    const plan = await planConsentImport(ctx.db, "identifier,consent\nS1002,none\n", "file");
    expect(plan.items[0]).toMatchObject({ from: "GRANTED", to: "GRANTED", changed: false });
    await applyConsentImport(ctx.db, "identifier,consent\nS1002,none\n", "file", ADMIN, AT, "csv", plan.hash);
    expect(await status("S1002")).toBe("GRANTED");
  });

  it("accepts the headers spreadsheets write (Student ID, student_number, sourcedId) and a BOM; values in any case", async () => {
    const plan = await planConsentImport(ctx.db, "\uFEFFStudent ID,Consent Status\nS1001, GRANTED \nS1002,Withdrawn\n", "file");
    expect(plan.errors).toEqual([]);
    expect(plan.items.map((i) => [i.identifier, i.to])).toEqual([
      ["S1001", "GRANTED"],
      ["S1002", "WITHDRAWN"],
    ]);
    const numbers = await planConsentImport(ctx.db, "student_number\nS1003\n", "GRANTED");
    expect(numbers.items.map((i) => [i.identifier, i.to])).toEqual([["S1003", "GRANTED"]]);
    const bySourcedId = await planConsentImport(ctx.db, "sourcedId,consent\nu-howard,granted\n", "file");
    expect(bySourcedId.items.map((i) => i.identifier)).toEqual(["S1003"]);
  });

  it("a bad consent value or an unknown identifier is a row error with its line, and nothing is applied", async () => {
    const text = "identifier,consent\nS1001,granted\nS1002,yes\nNOPE,granted\n";
    const plan = await planConsentImport(ctx.db, text, "file");
    expect(plan.errors).toEqual([
      { line: 3, message: 'Consent "yes" for S1002 is not understood: write granted, withdrawn or none.' },
      { line: 4, message: "Unknown student identifier: NOPE." },
    ]);
    expect(plan.items).toEqual([]);
    await expect(applyConsentImport(ctx.db, text, "file", ADMIN, AT, "csv")).rejects.toBeInstanceOf(ConsentImportError);
    expect(await status("S1001")).toBe("NONE");
  });

  it("reads the file's consent column only: granting everyone listed is refused for a file that has one", async () => {
    const plan = await planConsentImport(ctx.db, "identifier,consent\nS1001,none\n", "GRANTED");
    expect(plan.errors[0].message).toMatch(/has a consent column/);
    const noColumn = await planConsentImport(ctx.db, "identifier\nS1001\n", "file");
    expect(noColumn.errors[0].message).toMatch(/has no consent column/);
  });

  it("previews each change, and a withdrawn row deletes the student's photos and templates", async () => {
    await setConsent(ctx.db, ["S1001", "S1002"], "GRANTED", ADMIN, AT);
    const amy = await enrollFace("S1001");
    const text = "identifier,consent\nS1001,withdrawn\nS1002,granted\nS1003,granted\n";
    const plan = await planConsentImport(ctx.db, text, "file");
    expect(plan.items.map((i) => [i.identifier, i.name, i.from, i.to, i.changed, i.photos, i.templates])).toEqual([
      ["S1001", "Amy Fowler", "GRANTED", "WITHDRAWN", true, 1, 1],
      ["S1002", "Bernadette Rostenkowski", "GRANTED", "GRANTED", false, 0, 0],
      ["S1003", "Howard Wolowitz", "NONE", "GRANTED", true, 0, 0],
    ]);
    expect(await ctx.db.faceTemplate.count({ where: { studentId: amy.id } })).toBe(1);
    await applyConsentImport(ctx.db, text, "file", ADMIN, AT, "csv", plan.hash);
    expect(await ctx.db.faceTemplate.count({ where: { studentId: amy.id } })).toBe(0);
    expect(await ctx.db.facePhoto.count({ where: { studentId: amy.id } })).toBe(0);
    expect(await status("S1001")).toBe("WITHDRAWN");
    const withdrawal = await ctx.db.auditLog.findFirstOrThrow({ where: { targetId: amy.id, action: "consent.withdraw" } });
    expect(withdrawal.after).toMatchObject({ photosDeleted: 1, templatesDeleted: 1, via: "csv" });
  });

  it("apply refuses a stale plan: consent changed since the preview, nothing applied", async () => {
    const text = "identifier,consent\nS1001,granted\nS1002,withdrawn\n";
    const plan = await planConsentImport(ctx.db, text, "file");
    await setConsent(ctx.db, ["S1002"], "GRANTED", ADMIN, AT); // someone else, in between
    await expect(applyConsentImport(ctx.db, text, "file", ADMIN, AT, "csv", plan.hash)).rejects.toBeInstanceOf(StaleConsentPlanError);
    expect([await status("S1001"), await status("S1002")]).toEqual(["NONE", "GRANTED"]);
    // A photo enrolled in between changes what a withdrawal deletes: stale too.
    const fresh = await planConsentImport(ctx.db, text, "file");
    await enrollFace("S1002");
    await expect(applyConsentImport(ctx.db, text, "file", ADMIN, AT, "csv", fresh.hash)).rejects.toBeInstanceOf(StaleConsentPlanError);
    expect(await status("S1001")).toBe("NONE");
  });

  it("conflicting rows for one student are an error; a plain list of identifiers still works when the action is chosen", async () => {
    const plan = await planConsentImport(ctx.db, "identifier,consent\nS1001,granted\nS1001,withdrawn\n", "file");
    expect(plan.errors).toEqual([{ line: 3, message: "S1001 is also on line 2, with consent granted." }]);
    const plain = await applyConsentImport(ctx.db, "S1001\nS1002\n", "GRANTED", ADMIN, AT, "cli");
    expect(plain.changed).toBe(2);
  });
});

describe("consent history", () => {
  it("lists every change of a student from the audit trail, newest first, with how it was recorded", async () => {
    const amy = await enrollFace("S1001");
    await setConsent(ctx.db, ["S1001"], "GRANTED", ADMIN, AT, "class list");
    await setConsent(ctx.db, ["S1001"], "WITHDRAWN", { label: "cli" }, AT, "cli");
    const history = await consentHistory(ctx.db, amy.id);
    expect(history.map((h) => [h.from, h.to, h.by, h.via, h.photosDeleted])).toEqual([
      ["GRANTED", "WITHDRAWN", "cli", "cli", 1],
      ["NONE", "GRANTED", "admin@school.test", "class list", 0],
    ]);
  });
});

describe("students without consent", () => {
  it("the filter lists withdrawn students with those who have none recorded", async () => {
    await setConsent(ctx.db, ["S1001"], "GRANTED", ADMIN, AT);
    await setConsent(ctx.db, ["S1002"], "WITHDRAWN", ADMIN, AT);
    const { rows } = await listStudents(ctx.db, { consent: "WITHOUT", sort: "identifier" });
    expect(rows.map((r) => [r.identifier, r.consentStatus])).toEqual([
      ["S1002", "WITHDRAWN"],
      ["S1003", "NONE"],
    ]);
  });
});
