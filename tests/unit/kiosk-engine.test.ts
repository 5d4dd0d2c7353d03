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
import { FaceTracker, TRACK_RULES } from "@/lib/kiosk/tracker";
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

/** A student at the screen (the centred crop) and, small in the top-left corner, a stranger's photo: someone in the background. */
async function frameWithBackground(person: string): Promise<RgbImage> {
  const front = await frameWith(person, 5);
  const back = await sharp(path.join(FACES_DIR, "strangers", "happy.jpg"))
    .resize(150, 150, { fit: "inside" })
    .removeAlpha()
    .toBuffer();
  const data = await sharp(Buffer.from(front.data), { raw: { width: 640, height: 480, channels: 3 } })
    .composite([{ input: back, left: 10, top: 10 }])
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

describe("one answer per person, and only for the person at the screen", () => {
  const box = (x: number, width: number) => ({ x, y: 100, width, height: width });

  it("follows a face in the background but never sends it: too small for the frame, or beside a much nearer face", async () => {
    const tracker = new FaceTracker();
    // 35 px in a 640 px frame (0.055: someone across the room) is distant; a group photo's 0.085 is not.
    const [far] = tracker.update([box(10, 35)], 0, 640);
    expect(far.state).toBe("distant");
    expect(tracker.needsDescriptors()).toBe(false);
    const group = new FaceTracker().update([box(0, 109), box(200, 124)], 0, 1280);
    expect(group.map((t) => t.state)).toEqual(["collecting", "collecting"]);
    // Someone stepping up to the screen: the face in the background is then under half the nearest one.
    const [behind, near] = tracker.update([box(10, 100), box(300, 222)], 100, 640);
    expect([behind.state, near.state]).toEqual(["distant", "collecting"]);
    tracker.addFrame(near, [1], 0);
    tracker.addFrame(near, [2], 0);
    expect(tracker.takeReady().map((t) => t.id)).toEqual([near.id]);
    // The one behind comes forward alone: now it is the person at the screen.
    tracker.resolve(near.id, "marked", 150);
    const [forward] = tracker.update([box(10, 160)], 200, 640);
    expect(forward).toBe(behind);
    expect(forward.state).toBe("collecting");
    expect(TRACK_RULES.minFaceShare * 1280).toBeLessThan(109); // the group test's smallest face
  });

  it("does not send a face again after a final answer while it stays in view; a class opening tries it again", async () => {
    const tracker = new FaceTracker();
    const tracks = tracker.update([box(0, 200), box(300, 200)], 0, 640);
    for (const t of tracks) {
      tracker.addFrame(t, [1], 0);
      tracker.addFrame(t, [2], 0);
    }
    expect(tracker.takeReady()).toHaveLength(2);
    tracker.resolve(tracks[0].id, "not_in_class", 100);
    tracker.resolve(tracks[1].id, "not_in_session", 100);
    // A minute of standing there: followed, never collecting again, nothing to send.
    for (let at = 200; at <= 60_000; at += 500) tracker.update([box(0, 200), box(300, 200)], at, 640);
    expect(tracker.tracks.map((t) => t.state)).toEqual(["unknown", "unknown"]);
    expect(tracker.needsDescriptors()).toBe(false);
    // The screen learnt that a class is in session: only the one told "no class now" is tried again.
    tracker.reopen("not_in_session");
    expect(tracker.tracks.map((t) => t.state)).toEqual(["unknown", "collecting"]);
    // A new person (a new track) is a new question.
    tracker.update([], 70_000, 640);
    expect(tracker.update([box(0, 200)], 70_000, 640)[0].state).toBe("collecting");
  });

  it("a face not recognised is tried again a few times while in view (a blurred first look), then left alone", async () => {
    const tracker = new FaceTracker();
    let sends = 0;
    for (let at = 0; at <= 60_000; at += 500) {
      const [t] = tracker.update([box(0, 200)], at, 640);
      if (t.state === "collecting") {
        tracker.addFrame(t, [1], 0);
        tracker.addFrame(t, [2], 0);
      }
      for (const ready of tracker.takeReady(at)) {
        sends++;
        tracker.resolve(ready.id, "unknown", at);
      }
    }
    expect(sends).toBe(1 + TRACK_RULES.unknownRetries); // a minute of standing: 4 attempts, not 15
  });

  it("on real frames: the student at the screen is described and sent; the face behind is followed only", async () => {
    const engine = new KioskEngine(nets);
    await engine.step(await frameWithBackground("amy"), 0);
    const second = await engine.step(await frameWithBackground("amy"), 100);
    expect(second.tracks).toHaveLength(2);
    expect(second.tracks.map((t) => t.state).sort()).toEqual(["distant", "waiting"]);
    expect(second.ready).toHaveLength(1);
    const sent = second.tracks.find((t) => t.state === "waiting")!;
    expect(second.ready[0].trackId).toBe(sent.id);
    expect(sent.box.width / 640).toBeGreaterThan(0.3);
  });
});
