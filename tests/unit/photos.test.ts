// The server's photo store re-validates everything it is sent (the browser is not trusted).
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { storeEnrollmentPhoto, deleteEnrollmentPhoto, sniffImageType } from "@/lib/photos";
import { setConsent } from "@/lib/consent";
import { freshDb } from "./helpers";

const FACES = path.resolve("tests/fixtures/faces");
const png = fs.readFileSync(path.join(FACES, "people/amy/amy1.png"));
const face = (v = 0.05) => ({ descriptor: Array.from({ length: 128 }, (_, i) => (i % 2 ? v : -v)), score: 0.97, faceWidth: 120 });

let ctx: Awaited<ReturnType<typeof freshDb>>;
let amyId: string;
beforeEach(async () => {
  ctx = await freshDb();
  amyId = (await ctx.db.student.create({ data: { identifier: "S1", givenName: "Amy", familyName: "Fowler" } })).id;
});
afterEach(() => ctx.cleanup());

const actor = { label: "test" };
const counts = async () => [await ctx.db.facePhoto.count(), await ctx.db.faceTemplate.count()];

describe("storeEnrollmentPhoto", () => {
  it("refuses a student without consent, and stores for one with consent (re-encoded, EXIF-free JPEG)", async () => {
    expect(await storeEnrollmentPhoto(ctx.db, { studentId: amyId, bytes: png, face: face() }, actor)).toMatchObject({
      ok: false,
      reason: "no_consent",
    });
    expect(await counts()).toEqual([0, 0]);
    await setConsent(ctx.db, ["S1"], "GRANTED", actor);
    const stored = await storeEnrollmentPhoto(ctx.db, { studentId: amyId, bytes: png, face: face() }, actor);
    expect(stored.ok).toBe(true);
    const photo = await ctx.db.facePhoto.findFirstOrThrow();
    expect(sniffImageType(photo.bytes)).toBe("image/jpeg");
    const template = await ctx.db.faceTemplate.findFirstOrThrow();
    expect(template.descriptor.byteLength).toBe(512);
    // The same file again is not stored twice.
    expect(await storeEnrollmentPhoto(ctx.db, { studentId: amyId, bytes: png, face: face() }, actor)).toMatchObject({
      ok: false,
      reason: "already_enrolled",
    });
  });

  it("refuses hostile or broken input and writes nothing", async () => {
    await setConsent(ctx.db, ["S1"], "GRANTED", actor);
    const bad: [unknown, Uint8Array, RegExp][] = [
      [{ ...face(), descriptor: face().descriptor.slice(0, 127) }, png, /128 values/],
      [{ ...face(), descriptor: [...face().descriptor.slice(0, 127), NaN] }, png, /finite/],
      [{ ...face(), descriptor: [...face().descriptor.slice(0, 127), Infinity] }, png, /finite/],
      [{ ...face(), descriptor: "0,0,0" }, png, /list of numbers/],
      [null, png, /expected object/i],
      [face(), Buffer.from("a text file renamed .jpg"), /Not a JPEG, PNG or WebP/],
      [face(), png.subarray(0, 300), /Not a readable image/],
      [face(), Buffer.alloc(11 * 2 ** 20, 0xff), /larger than 10 MB/],
    ];
    for (const [f, bytes, message] of bad) {
      const r = await storeEnrollmentPhoto(ctx.db, { studentId: amyId, bytes, face: f }, actor);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.message).toMatch(message);
    }
    expect(await storeEnrollmentPhoto(ctx.db, { studentId: "nope", bytes: png, face: face() }, actor)).toMatchObject({
      ok: false,
      reason: "no_student",
    });
    expect(await counts()).toEqual([0, 0]);
  });

  it("warns when the face matches another student, and stores when the admin confirms", async () => {
    const bob = await ctx.db.student.create({ data: { identifier: "S2", givenName: "Bob", familyName: "Other" } });
    await setConsent(ctx.db, ["S1", "S2"], "GRANTED", actor);
    expect((await storeEnrollmentPhoto(ctx.db, { studentId: amyId, bytes: png, face: face(0.05) }, actor)).ok).toBe(true);
    const other = fs.readFileSync(path.join(FACES, "people/amy/amy2.png"));
    const warned = await storeEnrollmentPhoto(ctx.db, { studentId: bob.id, bytes: other, face: face(0.051) }, actor);
    expect(warned).toMatchObject({ ok: false, reason: "duplicate", otherStudent: { identifier: "S1", name: "Amy Fowler" } });
    expect(
      await storeEnrollmentPhoto(ctx.db, { studentId: bob.id, bytes: other, face: face(0.051) }, actor, { allowLookAlike: true }),
    ).toMatchObject({ ok: true });
  });

  it("deleting a photo deletes its template", async () => {
    await setConsent(ctx.db, ["S1"], "GRANTED", actor);
    const r = await storeEnrollmentPhoto(ctx.db, { studentId: amyId, bytes: png, face: face() }, actor);
    expect(r.ok && (await deleteEnrollmentPhoto(ctx.db, r.photoId, actor))).toBe(true);
    expect(await counts()).toEqual([0, 0]);
  });
});
