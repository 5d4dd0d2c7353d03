// The face pipeline on real photos (face-api wasm in Node), with the default rules.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Gallery, matchProbe } from "@/lib/face/match";
import { assessPhoto } from "@/lib/face/node";
import { assessEnrollmentFaces } from "@/lib/face/quality";
import { DEFAULT_RULES } from "@/lib/face/rules";
import { DESCRIPTOR_LENGTH } from "@/lib/face/types";
import { describeDir, describePeople, FACES_DIR, manifest, type Described } from "./face-fixtures";

let people: Described[];
let strangers: Awaited<ReturnType<typeof describeDir>>;
let groups: Awaited<ReturnType<typeof describeDir>>;
let gallery: Gallery;

beforeAll(async () => {
  people = await describePeople();
  strangers = await describeDir("strangers", manifest.strangers);
  groups = await describeDir("groups", Object.keys(manifest.groups));
  gallery = Gallery.fromTemplates(
    people.filter((p) => p.faces.length === 1).map((p) => ({ studentId: p.person, descriptor: p.faces[0].descriptor })),
  );
}, 300_000);

describe("tight headshots (150×150 crops)", () => {
  it("every fixture crop yields exactly one face with a 128-d descriptor", () => {
    const missed = people.filter((p) => p.faces.length !== 1).map((p) => `${p.file}: ${p.faces.length} faces`);
    expect(missed).toEqual([]);
    for (const p of people) expect(p.faces[0].descriptor).toHaveLength(DESCRIPTOR_LENGTH);
  });

  it("the quality gate accepts every padded crop", () => {
    const rejected = people
      .map((p) => ({ file: p.file, verdict: assessEnrollmentFaces(p.faces) }))
      .filter((r) => !r.verdict.ok)
      .map((r) => `${r.file}: ${!r.verdict.ok && r.verdict.reason}`);
    expect(rejected).toEqual([]);
  });
});

describe("matching with the default rules", () => {
  it("every person's photo matches that person, against the other photos of all people", () => {
    const wrong: string[] = [];
    for (const probe of people) {
      const others = Gallery.fromTemplates(
        people.filter((p) => p !== probe).map((p) => ({ studentId: p.person, descriptor: p.faces[0].descriptor })),
      );
      const r = matchProbe(others, probe.faces[0].descriptor, DEFAULT_RULES);
      if (r.decision !== "match" || r.studentId !== probe.person)
        wrong.push(`${probe.file}: ${r.decision} ${r.studentId} d=${r.distance.toFixed(3)} margin=${r.margin.toFixed(3)}`);
    }
    expect(wrong).toEqual([]);
  });

  it("no stranger matches anyone", () => {
    expect(strangers.every((s) => s.faces.length >= 1)).toBe(true);
    const accepted = strangers.flatMap((s) =>
      s.faces
        .map((f) => matchProbe(gallery, f.descriptor, DEFAULT_RULES))
        .filter((r) => r.decision === "match")
        .map((r) => `${s.file} → ${r.studentId} (${r.distance.toFixed(3)})`),
    );
    expect(accepted).toEqual([]);
  });

  // A group face is marked only as someone really in the photo. Under the shipped rules (chosen
  // on the LFW calibration set: a wrong "present" costs more than a missed face) the disguised
  // faces of bbt1 (false beards) and one face of bbt2 are missed; the plain photos are complete.
  const HARD = new Set(["bbt1.jpg", "bbt2.jpg"]);
  for (const [file, { people: expected }] of Object.entries(manifest.groups)) {
    it(`in ${file} ${HARD.has(file) ? "only people of" : "exactly"} ${expected.join(", ")} are identified`, () => {
      const faces = groups.find((g) => g.file === file)!.faces;
      const matched = faces.map((f) => matchProbe(gallery, f.descriptor, DEFAULT_RULES)).filter((r) => r.decision === "match");
      const ids = matched.map((r) => r.studentId!);
      expect(new Set(ids).size).toBe(ids.length); // nobody twice
      if (HARD.has(file)) {
        expect(ids.filter((id) => !expected.includes(id))).toEqual([]);
        expect(ids.length).toBeGreaterThanOrEqual(1);
      } else expect([...ids].sort()).toEqual([...expected].sort());
    });
  }
});

describe("quality gate", () => {
  it("rejects a group photo as more than one face", async () => {
    const verdict = await assessPhoto(path.join(FACES_DIR, "groups", "bbt4.jpg"));
    expect(verdict).toMatchObject({ ok: false, reason: "multiple_faces", message: expect.stringMatching(/more than one face/i) });
  });

  it("rejects a non-image and a truncated image as unreadable", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-quality-"));
    const text = path.join(dir, "notes.jpg");
    fs.writeFileSync(text, "this is a text file renamed .jpg\n");
    expect(await assessPhoto(text)).toMatchObject({ ok: false, reason: "unreadable" });
    const jpeg = fs.readFileSync(path.join(FACES_DIR, "groups", "bbt1.jpg"));
    expect(await assessPhoto(jpeg.subarray(0, 2000))).toMatchObject({ ok: false, reason: "unreadable" });
    fs.rmSync(dir, { recursive: true });
  });

  it("rejects a photo without a face, and a face too small", async () => {
    const sharp = (await import("sharp")).default;
    const blank = await sharp({ create: { width: 640, height: 480, channels: 3, background: "#8899aa" } })
      .png()
      .toBuffer();
    expect(await assessPhoto(blank)).toMatchObject({ ok: false, reason: "no_face" });
    // A crop shrunk to 60×60 and set in a larger frame: one face, about 45 px wide.
    const small = await sharp(path.join(FACES_DIR, "people", "amy", "amy1.png"))
      .resize(60, 60)
      .extend({ top: 90, bottom: 90, left: 90, right: 90, background: "#808080" })
      .png()
      .toBuffer();
    expect(await assessPhoto(small)).toMatchObject({ ok: false, reason: "face_too_small" });
  });
});
