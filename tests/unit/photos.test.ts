// The server's photo store re-validates everything it is sent (the browser is not trusted).
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import sharp from "sharp";
import { storeEnrollmentPhoto, deleteEnrollmentPhoto, sniffImageType } from "@/lib/photos";
import { setConsent } from "@/lib/consent";
import { describeImage } from "@/lib/face/node";
import { bytesToDescriptor, euclidean } from "@/lib/face/match";
import { BROWSER_NODE_TOLERANCE } from "@/lib/face/quality";
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

  describe("the server reads the photo itself (the browser's face data is a claim)", () => {
    const amy1 = path.join(FACES, "people/amy/amy1.png");
    const nodeFace = async (file: string) => {
      const [f] = await describeImage(file);
      return { descriptor: Array.from(f.descriptor), score: f.score, faceWidth: f.box.width };
    };
    const storedTemplate = async () => {
      const t = await ctx.db.faceTemplate.findFirstOrThrow();
      return { ...t, descriptor: Array.from(bytesToDescriptor(t.descriptor)) };
    };
    beforeEach(() => setConsent(ctx.db, ["S1"], "GRANTED", actor));

    it("a photo of the student sent with a stranger's descriptor stores the server's, and audits the mismatch", async () => {
      const own = await nodeFace(amy1);
      const stranger = await nodeFace(path.join(FACES, "strangers/happy.jpg"));
      const forged = { descriptor: stranger.descriptor, score: 0.99, faceWidth: 4000 };
      expect(await storeEnrollmentPhoto(ctx.db, { studentId: amyId, bytes: png, face: forged }, actor)).toMatchObject({ ok: true });
      const template = await storedTemplate();
      expect(euclidean(template.descriptor, own.descriptor)).toBeLessThan(0.01);
      expect(euclidean(template.descriptor, stranger.descriptor)).toBeGreaterThan(0.5);
      // The server's score and face size, not the claimed ones.
      expect(template.detectionScore).toBeCloseTo(own.score, 3);
      expect(template.faceSize).toBe(Math.round(own.faceWidth));
      const audit = await ctx.db.auditLog.findFirstOrThrow({ where: { action: "photo.descriptor-mismatch" } });
      expect(audit).toMatchObject({ targetId: amyId, actorLabel: "test" });
      const after = audit.after as { distance: number };
      expect(after.distance).toBeCloseTo(euclidean(stranger.descriptor, own.descriptor), 3);
      expect(JSON.stringify(audit)).not.toContain(String(stranger.descriptor[0]));
    });

    it("an honest browser's descriptor (decoder noise under the tolerance) is stored as sent, unaudited", async () => {
      const own = await nodeFace(amy1);
      // Noise of norm 0.04 (< 0.06): what a browser's decoder and canvas add.
      const noise = Array.from({ length: 128 }, (_, i) => (i % 2 ? 1 : -1) * (0.04 / Math.sqrt(128)));
      // The browser's score and face size differ a little too: the server's measures are kept.
      const sent = { descriptor: own.descriptor.map((v, i) => v + noise[i]), score: own.score - 0.01, faceWidth: own.faceWidth + 2 };
      expect(euclidean(sent.descriptor, own.descriptor)).toBeLessThan(BROWSER_NODE_TOLERANCE);
      const stored = await storeEnrollmentPhoto(ctx.db, { studentId: amyId, bytes: png, face: sent }, actor);
      expect(stored).toMatchObject({ ok: true, faceWidth: own.faceWidth });
      const template = await storedTemplate();
      expect(template.descriptor).toEqual(Array.from(Float32Array.from(sent.descriptor)));
      expect(template.detectionScore).toBeCloseTo(own.score, 3);
      expect(template.faceSize).toBe(Math.round(own.faceWidth));
      expect(await ctx.db.auditLog.count({ where: { action: "photo.descriptor-mismatch" } })).toBe(0);
    });

    it("a blank 6000×6000 PNG and a group photo are refused with the quality gate's messages, nothing stored", async () => {
      const blank = await sharp({ create: { width: 6000, height: 6000, channels: 3, background: "#ffffff" } })
        .png()
        .toBuffer();
      const group = fs.readFileSync(path.join(FACES, "groups/bbt4.jpg"));
      const claimed = await nodeFace(amy1);
      expect(await storeEnrollmentPhoto(ctx.db, { studentId: amyId, bytes: blank, face: claimed }, actor)).toMatchObject({
        ok: false,
        reason: "rejected",
        message: "No face found. Use a photo with the face clearly visible.",
      });
      expect(await storeEnrollmentPhoto(ctx.db, { studentId: amyId, bytes: group, face: claimed }, actor)).toMatchObject({
        ok: false,
        reason: "rejected",
        message: "More than one face. Use a photo of this student alone.",
      });
      expect(await counts()).toEqual([0, 0]);
      expect(await ctx.db.auditLog.count({ where: { action: { startsWith: "photo." } } })).toBe(0);
    });
  });
});
