// A student's preferred name is the name people use: every message and list that names a student
// says it (lib/names.ts is the one home of how names are shown).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDb } from "./helpers";
import { createStudent } from "@/lib/students";
import { enrollStudent, saveClass } from "@/lib/classes";
import { resolvePhotoOwners } from "@/lib/data/photo-owners";
import { purgeCandidates } from "@/lib/consent/retention";
import { personName, studentName, studentShortName, studentSortName } from "@/lib/names";

let ctx: Awaited<ReturnType<typeof freshDb>>;
beforeAll(async () => {
  ctx = await freshDb();
});
afterAll(() => ctx.cleanup());

const actor = { label: "test" };

describe("names", () => {
  it("the forms of a name", () => {
    const s = { givenName: "Penelope", familyName: "Teller", preferredName: "Penny" };
    expect(studentName(s)).toBe("Penny Teller");
    expect(studentSortName(s)).toBe("Teller, Penny");
    expect(studentShortName(s)).toBe("Penny T.");
    expect(studentName({ ...s, preferredName: null })).toBe("Penelope Teller");
    expect(personName(s)).toBe("Penelope Teller");
  });

  it("messages and lists about a student use the preferred name", async () => {
    const added = await createStudent(
      ctx.db,
      { identifier: "S9", givenName: "Penelope", familyName: "Teller", preferredName: "Penny" },
      actor,
    );
    expect(added).toMatchObject({ ok: true, message: "Added Penny Teller." });
    const klass = await saveClass(ctx.db, null, { code: "N-1", title: "Names" }, actor);
    expect(klass.ok).toBe(true);
    expect(await enrollStudent(ctx.db, klass.data!.id, { identifier: "S9", endDate: "2026-09-30" }, actor)).toMatchObject({
      message: "Penny Teller is enrolled.",
    });
    expect(await resolvePhotoOwners(ctx.db, ["S9.jpg"])).toEqual([expect.objectContaining({ studentName: "Penny Teller" })]);
    await ctx.db.student.update({ where: { identifier: "S9" }, data: { consentStatus: "GRANTED" } });
    const s = await ctx.db.student.findUniqueOrThrow({ where: { identifier: "S9" } });
    await ctx.db.faceTemplate.create({ data: { studentId: s.id, descriptor: new Uint8Array(512), modelId: "m" } });
    expect(await purgeCandidates(ctx.db, new Date("2026-12-01T12:00:00Z"))).toEqual([expect.objectContaining({ name: "Penny Teller" })]);
  });
});
