// The kiosk's engine and its detector on real frames (face-api + BlazeFace, wasm in Node): the
// same code the kiosk's worker runs, fed frames built from the fixture photos.
import path from "node:path";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { detectBlazeFace } from "@/lib/face/blazeface";
import { euclidean } from "@/lib/face/match";
import { decodeImage, describeImage, nodeFaceNets } from "@/lib/face/node";
import { describeFaces, KIOSK_OPTIONS, type FaceNets } from "@/lib/face/pipeline";
import { DEFAULT_RULES } from "@/lib/face/rules";
import type { RgbImage } from "@/lib/face/types";
import { KioskEngine } from "@/lib/kiosk/engine";
import { MAX_FRAMES_PER_FACE } from "@/lib/kiosk/protocol";
import { FACES_DIR, manifest } from "./face-fixtures";

let nets: FaceNets;

/** A fixture crop shown at 260 px on a grey 640×480 frame, like a student in front of the screen; `left` moves it. */
async function frameWith(person: string, photo: number, left = 190): Promise<RgbImage> {
  const raw = await sharp(path.join(FACES_DIR, "people", person, `${person}${photo}.png`))
    .resize(260, 260)
    .removeAlpha()
    .toColourspace("srgb")
    .toBuffer();
  const data = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 128, g: 128, b: 128 } } })
    .composite([{ input: raw, left, top: 110 }])
    .removeAlpha()
    .raw()
    .toBuffer();
  return { data: new Uint8Array(data), width: 640, height: 480 };
}

/** Two people side by side. */
async function frameWithTwo(a: string, b: string): Promise<RgbImage> {
  const one = await frameWith(a, 5, 40);
  const other = await frameWith(b, 5, 340);
  // Left half from the first frame, right half from the second.
  const data = new Uint8Array(one.data.length);
  for (let y = 0; y < 480; y++) {
    data.set(one.data.subarray(y * 640 * 3, y * 640 * 3 + 320 * 3), y * 640 * 3);
    data.set(other.data.subarray(y * 640 * 3 + 320 * 3, (y + 1) * 640 * 3), y * 640 * 3 + 320 * 3);
  }
  return { data, width: 640, height: 480 };
}

beforeAll(async () => {
  nets = await nodeFaceNets();
}, 120_000);

describe("BlazeFace, the kiosk's detector", () => {
  it("finds every face of a group photo, as boxes inside the image", async () => {
    const img = await decodeImage(path.join(FACES_DIR, "groups", "bbt5.jpg"));
    const tensor = nets.faceapi.tf.tensor3d(img.data, [img.height, img.width, 3], "int32");
    try {
      const found = await detectBlazeFace(nets.faceapi.tf, nets.blazeface!, tensor as never, { minScore: KIOSK_OPTIONS.minScore });
      expect(found).toHaveLength(manifest.groups["bbt5.jpg"].people.length);
      for (const f of found) {
        expect(f.score).toBeGreaterThan(0.5);
        expect(f.box.x + f.box.width / 2).toBeGreaterThan(0);
        expect(f.box.x + f.box.width / 2).toBeLessThan(img.width);
        expect(f.box.width).toBeGreaterThan(30);
      }
    } finally {
      tensor.dispose();
    }
  });

  it("finds nothing on a blank wall", async () => {
    const blank: RgbImage = { data: new Uint8Array(640 * 480 * 3).fill(128), width: 640, height: 480 };
    expect(await describeFaces(nets, blank, KIOSK_OPTIONS)).toEqual([]);
  });

  it("gives descriptors that match the person's enrollment templates (SSD) and not another person's", async () => {
    const [amyTemplate] = await describeImage(path.join(FACES_DIR, "people", "amy", "amy1.png"));
    const [rajTemplate] = await describeImage(path.join(FACES_DIR, "people", "raj", "raj1.png"));
    const [seen] = await describeFaces(nets, await frameWith("amy", 5), KIOSK_OPTIONS);
    expect(euclidean(seen.descriptor, amyTemplate.descriptor)).toBeLessThan(DEFAULT_RULES.threshold);
    expect(euclidean(seen.descriptor, rajTemplate.descriptor)).toBeGreaterThan(DEFAULT_RULES.threshold);
  });
});

describe("the kiosk engine", () => {
  it("describes a new face on two frames, then hands it over once with those descriptors", async () => {
    const engine = new KioskEngine(nets);
    const first = await engine.step(await frameWith("amy", 5), 0);
    expect(first.newTracks).toHaveLength(1);
    expect(first.described).toBe(true);
    expect(first.ready).toEqual([]);
    const second = await engine.step(await frameWith("amy", 5), 100);
    expect(second.newTracks).toEqual([]);
    expect(second.ready).toHaveLength(1);
    expect(second.ready[0].trackId).toBe(first.newTracks[0]);
    expect(second.ready[0].frames).toHaveLength(2);
    expect(second.ready[0].frames.length).toBeLessThanOrEqual(MAX_FRAMES_PER_FACE);
    for (const d of second.ready[0].frames) expect(d).toHaveLength(128);
    // Waiting for the server: followed, not described again, not handed over twice.
    const third = await engine.step(await frameWith("amy", 5), 200);
    expect(third.described).toBe(false);
    expect(third.ready).toEqual([]);
    expect(third.tracks[0].state).toBe("waiting");
  });

  it("only follows a face the server resolved, and describes a newcomer beside it", async () => {
    const engine = new KioskEngine(nets);
    await engine.step(await frameWith("amy", 5, 40), 0);
    const ready = await engine.step(await frameWith("amy", 5, 40), 100);
    engine.resolve(ready.ready[0].trackId, "marked", 150);
    const followed = await engine.step(await frameWith("amy", 5, 40), 200);
    expect(followed.described).toBe(false);
    expect(followed.tracks.map((t) => t.state)).toEqual(["done"]);
    // Raj steps in beside Amy: only Raj is described.
    const both = await engine.step(await frameWithTwo("amy", "raj"), 300);
    expect(both.newTracks).toHaveLength(1);
    expect(both.described).toBe(true);
    expect(both.tracks.map((t) => t.state).sort()).toEqual(["collecting", "done"]);
  });

  it("a face the server could not decide is described again, up to the frame limit", async () => {
    const engine = new KioskEngine(nets);
    await engine.step(await frameWith("raj", 5), 0);
    const ready = await engine.step(await frameWith("raj", 5), 100);
    engine.resolve(ready.ready[0].trackId, "pending", 150);
    const again = await engine.step(await frameWith("raj", 5), 200);
    expect(again.described).toBe(true);
    expect(again.ready[0]?.frames).toHaveLength(3);
  });
});
