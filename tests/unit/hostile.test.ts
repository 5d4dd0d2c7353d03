// Hostile input that the other unit tests do not already cover: a decompression-bomb image,
// zips with "../" paths and zip bombs (also with a lying size in the header), a roster in the
// wrong encoding, and kiosk payloads of the wrong shape, NaN, Infinity and 10,000 descriptors.
// Each gets a clear error and the database is unchanged afterwards. (Photos: photos.test.ts;
// CSV headers, BOM, stray quotes: roster.test.ts; over HTTP: tests/e2e/authz.spec.ts.)
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { zipSync } from "fflate";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkIn } from "@/lib/attendance/checkin";
import { setConsent } from "@/lib/consent";
import { createKiosk, kioskByToken, pairKiosk } from "@/lib/kiosk/devices";
import { storeEnrollmentPhoto } from "@/lib/photos";
import { readPhotoSource } from "@/lib/photos/bulk";
import { readRosterSource, rosterFilesFromZip } from "@/lib/roster/sources";
import { freshDb } from "./helpers";

let ctx: Awaited<ReturnType<typeof freshDb>>;
let tmp: string;
beforeEach(async () => {
  ctx = await freshDb();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-hostile-"));
});
afterEach(async () => {
  await ctx.cleanup();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Row counts of every table a hostile call could write to. */
async function snapshot() {
  const db = ctx.db;
  return Promise.all([
    db.student.count(),
    db.facePhoto.count(),
    db.faceTemplate.count(),
    db.attendanceRecord.count(),
    db.checkInAttempt.count(),
    db.classSession.count(),
    db.auditLog.count(),
  ]);
}

/** A PNG whose header claims width × height, with a few bytes of image data: decoders that trust it allocate gigabytes. */
function pngBomb(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", zlib.deflateSync(Buffer.alloc(1024))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** Rewrites every size field of a zip made by fflate (one entry, stored sizes in both headers) to `size`. */
function lieAboutSize(zip: Uint8Array, size: number): Uint8Array {
  const out = Buffer.from(zip);
  for (let i = 0; i < out.length - 4; i++) {
    const sig = out.readUInt32LE(i);
    if (sig === 0x04034b50) out.writeUInt32LE(size, i + 22); // local header: uncompressed size
    if (sig === 0x02014b50) out.writeUInt32LE(size, i + 24); // central directory: uncompressed size
  }
  return out;
}

/**
 * A zip whose central directory lists `copies` entries that all point at the one compressed file
 * in it (names of the same length as the original's, with `rename(i)`): each inflates the same data.
 */
function sharedDataZip(zip: Uint8Array, copies: number, rename: (i: number) => string): Uint8Array {
  const b = Buffer.from(zip);
  const eocd = b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const cdOffset = b.readUInt32LE(eocd + 16);
  const cdSize = b.readUInt32LE(eocd + 12);
  const entry = b.subarray(cdOffset, cdOffset + cdSize); // one entry
  const nameLength = entry.readUInt16LE(28);
  const entries = Array.from({ length: copies }, (_, i) => {
    const e = Buffer.from(entry);
    const name = Buffer.from(rename(i));
    if (name.length !== nameLength) throw new Error("rename must keep the name's length");
    name.copy(e, 46);
    return e;
  });
  const end = Buffer.from(b.subarray(eocd, eocd + 22));
  end.writeUInt16LE(copies, 8);
  end.writeUInt16LE(copies, 10);
  end.writeUInt32LE(cdSize * copies, 12);
  return Buffer.concat([b.subarray(0, cdOffset), ...entries, end]);
}

describe("hostile uploads", () => {
  it("zips whose entries share their data are refused before they inflate, memory bounded", () => {
    // 9 MB (under the photo limit) packed to ~9 KB, listed 200 times: 1.8 GB if inflated.
    const one = zipSync({ "S0000.png": new Uint8Array(9 * 2 ** 20) }, { level: 9 });
    const bomb = sharedDataZip(one, 200, (i) => `S${String(i).padStart(4, "0")}.png`);
    expect(bomb.length).toBeLessThan(60_000);
    const file = path.join(tmp, "shared.zip");
    fs.writeFileSync(file, bomb);
    const peakBefore = process.resourceUsage().maxRSS;
    const started = Date.now();
    expect(() => readPhotoSource(file)).toThrow(/times its packed size/);
    expect(Date.now() - started).toBeLessThan(2000);
    // Peak memory grew by less than one entry's worth (maxRSS is in KB).
    expect(process.resourceUsage().maxRSS - peakBefore).toBeLessThan(64 * 1024);
    // The roster: the same data listed under several folders' users.csv is refused at the second.
    const roster = zipSync({
      "a/users.csv": new TextEncoder().encode(
        ["sourcedId,givenName", ...Array.from({ length: 1000 }, (_, i) => `u-${i * 7919},Name${i}`)].join("\n"),
      ),
    });
    expect(() => rosterFilesFromZip(sharedDataZip(roster, 50, (i) => `${String.fromCharCode(97 + (i % 26))}/users.csv`))).toThrow(
      /users.csv more than once/,
    );
    // An honest zip of many photos within the limits still reads.
    const many = zipSync(
      Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`S${i}.jpg`, new Uint8Array(crypto.randomBytes(20_000))])),
    );
    const read = readPhotoSource((fs.writeFileSync(file, many), file));
    expect(read.entries).toHaveLength(30);
    read.cleanup();
  });

  it("a decompression-bomb image (900 megapixels in a small file) is refused, nothing written", async () => {
    const student = await ctx.db.student.create({ data: { identifier: "S1", givenName: "A", familyName: "B" } });
    await setConsent(ctx.db, ["S1"], "GRANTED", { label: "test" });
    const before = await snapshot();
    const bomb = pngBomb(30_000, 30_000);
    expect(bomb.length).toBeLessThan(10_000);
    const r = await storeEnrollmentPhoto(
      ctx.db,
      { studentId: student.id, bytes: bomb, face: { descriptor: Array(128).fill(0.01), score: 0.9, faceWidth: 120 } },
      { label: "test" },
    );
    expect(r).toMatchObject({ ok: false, reason: "invalid", message: expect.stringMatching(/pixel limit/i) });
    expect(await snapshot()).toEqual(before);
  });

  it("zip entries named with ../ never become paths outside a private folder", () => {
    const zip = path.join(tmp, "photos.zip");
    fs.writeFileSync(
      zip,
      zipSync({
        "../../evil/S1001.png": fs.readFileSync("tests/fixtures/faces/people/amy/amy1.png"),
        "/etc/S1002.png": fs.readFileSync("tests/fixtures/faces/people/raj/raj1.png"),
      }),
    );
    const { entries, cleanup } = readPhotoSource(zip);
    try {
      expect(entries.map((e) => e.name).sort()).toEqual(["etc/S1002.png", "evil/S1001.png"]);
      for (const e of entries) expect(path.relative(os.tmpdir(), e.file).startsWith("..")).toBe(false);
      expect(fs.existsSync(path.resolve(tmp, "../../evil"))).toBe(false);
    } finally {
      cleanup();
    }
  });

  it("zip bombs are refused before they fill memory: honest sizes, and sizes that lie", () => {
    const zeros = new Uint8Array(200 * 2 ** 20); // 200 MB of zeros: a 200 KB zip
    const honest = zipSync({ "S1001.png": zeros }, { level: 9 });
    expect(honest.length).toBeLessThan(1_000_000);
    const file = path.join(tmp, "bomb.zip");
    fs.writeFileSync(file, honest);
    expect(() => readPhotoSource(file)).toThrow(/larger than 10 MB/);
    // A header that claims 1,000 bytes: inflating stops at the claimed size (fflate writes into a
    // buffer of that size), so the entry is a 1,000-byte fragment that the image check refuses.
    fs.writeFileSync(file, lieAboutSize(honest, 1000));
    const lying = readPhotoSource(file);
    expect(lying.entries.map((e) => fs.statSync(e.file).size)).toEqual([1000]);
    lying.cleanup();
    const roster = zipSync({ "users.csv": new Uint8Array(60 * 2 ** 20).fill(0x41) }, { level: 9 });
    expect(() => rosterFilesFromZip(roster)).toThrow(/larger than 50 MB/);
    expect(rosterFilesFromZip(lieAboutSize(roster, 1000))["users.csv"]).toHaveLength(1000);
  });

  it("a roster in another encoding than UTF-8 is refused by name", () => {
    fs.writeFileSync(path.join(tmp, "users.csv"), Buffer.from("sourcedId,givenName\nu-1,M\xfcller\n", "latin1"));
    expect(() => readRosterSource(tmp)).toThrow("users.csv is not UTF-8 text. Export the roster as UTF-8 CSV.");
  });
});

describe("hostile kiosk payloads", () => {
  it("wrong shapes, wrong lengths, NaN, Infinity and 10,000 descriptors get a clear error and write nothing", async () => {
    const db = ctx.db;
    await db.schoolSettings.create({ data: { id: 1, timeZone: "UTC" } });
    const klass = await db.class.create({
      data: { code: "C", title: "C", meetings: { create: { weekday: 1, startMinute: 480, endMinute: 530 } } },
    });
    const at = new Date("2026-11-30T08:05:00Z");
    const kiosk = (await kioskByToken(
      db,
      (await pairKiosk(db, (await createKiosk(db, { name: "K", classId: klass.id }, { label: "t" }, at)).code, at))!.token,
    ))!;
    const d = (v: number) => Array(128).fill(v);
    const before = await snapshot();
    const cases: [unknown, RegExp][] = [
      [null, /expected object/i],
      ["faces", /expected object/i],
      [{}, /expected array/i],
      [{ faces: [] }, /too small/i],
      [{ faces: [{ trackId: "t", frames: [d(0.1).slice(0, 127)] }] }, /128/],
      [{ faces: [{ trackId: "t", frames: [[...d(0.1).slice(0, 127), NaN]] }] }, /finite/],
      [{ faces: [{ trackId: "t", frames: [[...d(0.1).slice(0, 127), Infinity]] }] }, /finite/],
      [{ faces: [{ trackId: "t", frames: [d(0.1).map(String)] }] }, /number/i],
      [{ faces: [{ trackId: "x".repeat(1000), frames: [d(0.1)] }] }, /too big/i],
      [{ faces: [{ trackId: "t", frames: Array(10_000).fill(d(0.1)) }] }, /At most 5 frames/],
      [{ faces: Array(10_000).fill({ trackId: "t", frames: [d(0.1)] }) }, /At most 10 faces/],
    ];
    for (const [payload, message] of cases) {
      const r = await checkIn(db, kiosk, payload, at);
      expect(r, JSON.stringify(payload).slice(0, 80)).toMatchObject({
        ok: false,
        error: "invalid",
        message: expect.stringMatching(message),
      });
    }
    expect(await snapshot()).toEqual(before);
  });
});
