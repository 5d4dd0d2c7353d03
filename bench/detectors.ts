// Which face detector the kiosk should use: SSD MobileNet v1 (enrollment's), Tiny (416) and
// BlazeFace (back, 256), each followed by the same face-api landmarks and descriptor
// (mirror-averaged, as the kiosk does), on kiosk-like frames built from the LFW calibration
// set: photo 4 of 60 people and 60 never-enrolled strangers, scaled so the face is 60 to 300 px
// wide and placed on a grey 640×480 or 1280×720 frame; and five people side by side in one
// 1280×720 frame. The school's gallery is photos 1–3 of all 300 people, described by the
// enrollment pipeline (cached by bench/lfw.ts). Per detector and face size: faces found,
// identified correctly, matched to a wrong person, strangers accepted, distance between the
// descriptor from this detector's box and from SSD's on the same frame, model time.
// Plus the fixture crops (the 8 people's photos, padded as enrollment does).
// `npm run bench -- detectors`  (`--calibrate` prints BlazeFace box → SSD box statistics.)
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { Gallery, euclidean, matchProbe } from "@/lib/face/match";
import { describeFaces, ENROLLMENT_OPTIONS, type PipelineOptions } from "@/lib/face/pipeline";
import { nodeFaceNets, decodeImage } from "@/lib/face/node";
import { detectBlazeFace } from "@/lib/face/blazeface";
import { DEFAULT_RULES } from "@/lib/face/rules";
import type { DetectedFace, DetectorKind, RgbImage } from "@/lib/face/types";
import { LFW_DIR, lfwAvailable, lfwSet } from "./lfw";
import { FACES, PEOPLE } from "./fixture-class";
import { quantile, round } from "./support";
import { rng } from "../tests/support/rng";

const DETECTORS: DetectorKind[] = ["ssd", "tiny", "blazeface"];
/** Face widths per frame size: a student 0.5 to 2 m from a classroom screen's camera. */
const FRAMES: { width: number; height: number; sizes: number[] }[] = [
  { width: 640, height: 480, sizes: [60, 100, 160, 240] },
  { width: 1280, height: 720, sizes: [60, 100, 160, 300] },
];
const N_PEOPLE = Number(process.env.BENCH_DETECTOR_PEOPLE ?? 60);
const GREY = { r: 128, g: 128, b: 128 };

const kioskOptions = (detector: DetectorKind): PipelineOptions => ({ detector, minScore: 0.5, padIfNoFace: false, mirror: true });

/** An LFW photo scaled so its face is `facePx` wide, centred on a grey frame (cropped to fit). */
async function frameOf(file: string, faceWidth: number, facePx: number, width = 640, height = 480): Promise<RgbImage> {
  const side = Math.round((250 * facePx) / faceWidth);
  let photo = sharp(file).resize(side, side);
  if (side > height) {
    const w = Math.min(side, width);
    photo = sharp(await photo.toBuffer()).extract({
      left: Math.floor((side - w) / 2),
      top: Math.floor((side - height) / 2),
      width: w,
      height,
    });
  }
  const buf = await photo.toBuffer();
  const meta = await sharp(buf).metadata();
  const raw = await sharp({ create: { width, height, channels: 3, background: GREY } })
    .composite([{ input: buf, left: Math.floor((width - meta.width!) / 2), top: Math.floor((height - meta.height!) / 2) }])
    .removeAlpha()
    .raw()
    .toBuffer();
  return { data: new Uint8Array(raw), width, height };
}

/** Five photos side by side in one 1280×720 frame, faces about `facePx` wide. */
async function groupFrame(files: { file: string; width: number }[], facePx: number): Promise<RgbImage> {
  const parts = await Promise.all(
    files.map(async (f) => {
      const side = Math.round((250 * facePx) / f.width);
      return { buf: await sharp(f.file).resize(side, side).toBuffer(), side };
    }),
  );
  const raw = await sharp({ create: { width: 1280, height: 720, channels: 3, background: GREY } })
    .composite(
      parts.map((p, i) => ({
        input: p.buf,
        left: Math.round(((i + 0.5) * 1280) / parts.length - p.side / 2),
        top: Math.round(360 - p.side / 2),
      })),
    )
    .removeAlpha()
    .raw()
    .toBuffer();
  return { data: new Uint8Array(raw), width: 1280, height: 720 };
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await fn();
  return [r, performance.now() - t0];
}

/** The face nearest the frame's centre (the one placed there). */
function central(faces: DetectedFace[], img: RgbImage): DetectedFace | undefined {
  const d = (f: DetectedFace) => Math.hypot(f.box.x + f.box.width / 2 - img.width / 2, f.box.y + f.box.height / 2 - img.height / 2);
  const near = faces.filter((f) => d(f) < f.box.width);
  return near.sort((a, b) => d(a) - d(b))[0];
}

async function calibrate() {
  const nets = await nodeFaceNets();
  const set = await lfwSet();
  const rows: { sx: number; sy: number; dx: number; dy: number }[] = [];
  for (const p of set.people.slice(0, 120)) {
    const f = p.photos[3];
    if (!f.found) continue;
    const img = await frameOf(path.join(LFW_DIR, f.file), f.width!, 160);
    const tensor = nets.faceapi.tf.tensor3d(img.data, [img.height, img.width, 3], "int32");
    const blaze = await detectBlazeFace(nets.faceapi.tf, nets.blazeface!, tensor as never, { minScore: 0.5 });
    tensor.dispose();
    const ssd = central(await describeFaces(nets, img, kioskOptions("ssd")), img);
    const b = blaze.sort((x, y) => y.box.width - x.box.width)[0];
    if (!ssd || !b) continue;
    rows.push({
      sx: ssd.box.width / b.box.width,
      sy: ssd.box.height / b.box.height,
      dx: (ssd.box.x + ssd.box.width / 2 - (b.box.x + b.box.width / 2)) / b.box.width,
      dy: (ssd.box.y + ssd.box.height / 2 - (b.box.y + b.box.height / 2)) / b.box.height,
    });
  }
  const med = (k: keyof (typeof rows)[0]) =>
    round(
      quantile(
        rows.map((r) => r[k]),
        0.5,
      ),
      3,
    );
  console.log(JSON.stringify({ faces: rows.length, width_ratio: med("sx"), height_ratio: med("sy"), dx: med("dx"), dy: med("dy") }));
}

export async function benchDetectors(): Promise<Record<string, unknown>[]> {
  if (!lfwAvailable()) return [{ name: "detectors", skipped: "../shared/datasets/lfw-calibration not found" }];
  const nets = await nodeFaceNets();
  const set = await lfwSet();
  const gallery = Gallery.fromTemplates(
    set.people.flatMap((p) =>
      p.photos
        .slice(0, 3)
        .filter((f) => f.found)
        .map((f) => ({ studentId: p.name, descriptor: f.descriptor! })),
    ),
  );
  const random = rng(15);
  const pick = <T>(xs: T[], n: number) =>
    xs
      .map((x) => ({ x, r: random() }))
      .sort((a, b) => a.r - b.r)
      .slice(0, n)
      .map((v) => v.x);
  const probes = pick(
    set.people.filter((p) => p.photos[3].found),
    N_PEOPLE,
  ).map((p) => ({ name: p.name, file: path.join(LFW_DIR, p.photos[3].file), width: p.photos[3].width! }));
  const strangers = pick(
    set.strangers.filter((s) => s.found),
    N_PEOPLE,
  ).map((s) => ({ name: null, file: path.join(LFW_DIR, s.file), width: s.width! }));

  const rows: Record<string, unknown>[] = [];
  for (const frame of FRAMES)
    for (const size of frame.sizes) {
      const stats = new Map(
        DETECTORS.map((d) => [
          d,
          { found: 0, correct: 0, wrong: 0, strangersFound: 0, strangersAccepted: 0, ms: [] as number[], vsSsd: [] as number[] },
        ]),
      );
      for (const subject of [...probes, ...strangers]) {
        const img = await frameOf(subject.file, subject.width, size, frame.width, frame.height);
        let ssdDescriptor: Float32Array | undefined;
        for (const d of DETECTORS) {
          const [faces, ms] = await timed(() => describeFaces(nets, img, kioskOptions(d)));
          const s = stats.get(d)!;
          s.ms.push(ms);
          const face = central(faces, img);
          if (!face) continue;
          if (d === "ssd") ssdDescriptor = face.descriptor;
          else if (ssdDescriptor) s.vsSsd.push(euclidean(face.descriptor, ssdDescriptor));
          const r = matchProbe(gallery, face.descriptor, DEFAULT_RULES);
          if (subject.name === null) {
            s.strangersFound++;
            if (r.decision === "match") s.strangersAccepted++;
          } else {
            s.found++;
            if (r.decision === "match" && r.studentId === subject.name) s.correct++;
            else if (r.decision === "match") s.wrong++;
          }
        }
      }
      for (const d of DETECTORS) {
        const s = stats.get(d)!;
        rows.push({
          name: "detectors",
          set: `LFW calibration set, kiosk-like ${frame.width}×${frame.height} frames`,
          detector: d,
          face_px: size,
          people: probes.length,
          found_pct: round((100 * s.found) / probes.length),
          identified_correctly_pct: round((100 * s.correct) / probes.length),
          matched_wrong_person: s.wrong,
          strangers: strangers.length,
          strangers_accepted: s.strangersAccepted,
          distance_to_ssd_descriptor_p50: d === "ssd" ? 0 : round(quantile(s.vsSsd, 0.5), 3),
          pipeline_ms_p50: Math.round(quantile(s.ms, 0.5)),
          rules: `threshold ${DEFAULT_RULES.threshold}, margin ${DEFAULT_RULES.minMargin}, school of ${set.people.length}, one frame`,
        });
      }
    }

  // Five people in one 1280×720 frame, faces ~120 px: how many of the five each detector finds and names.
  const groups = 12;
  const group = new Map(DETECTORS.map((d) => [d, { found: 0, correct: 0, wrong: 0, ms: [] as number[] }]));
  for (let g = 0; g < groups; g++) {
    const five = probes.slice((g * 5) % probes.length, ((g * 5) % probes.length) + 5);
    const img = await groupFrame(five, 120);
    for (const d of DETECTORS) {
      const [faces, ms] = await timed(() => describeFaces(nets, img, kioskOptions(d)));
      const s = group.get(d)!;
      s.ms.push(ms);
      s.found += Math.min(5, faces.length);
      for (const f of faces) {
        const r = matchProbe(gallery, f.descriptor, DEFAULT_RULES);
        if (r.decision !== "match") continue;
        if (five.some((p) => p.name === r.studentId)) s.correct++;
        else s.wrong++;
      }
    }
  }
  for (const d of DETECTORS) {
    const s = group.get(d)!;
    rows.push({
      name: "detectors",
      set: "LFW calibration set, five people in one 1280×720 frame, faces ~120 px",
      detector: d,
      frames: groups,
      faces_found_pct: round((100 * s.found) / (groups * 5)),
      identified_correctly_pct: round((100 * s.correct) / (groups * 5)),
      matched_wrong_person: s.wrong,
      pipeline_ms_p50: Math.round(quantile(s.ms, 0.5)),
    });
  }

  // The fixture crops (150×150 headshots), padded as enrollment pads them: does each detector find the face?
  for (const d of DETECTORS) {
    let found = 0;
    let total = 0;
    for (const person of PEOPLE)
      for (let i = 1; i <= 5; i++) {
        const img = await decodeImage(fs.readFileSync(path.join(FACES, "people", person, `${person}${i}.png`)));
        total++;
        if ((await describeFaces(nets, img, { ...ENROLLMENT_OPTIONS, detector: d, mirror: false })).length) found++;
      }
    rows.push({
      name: "detectors",
      set: "fixture crops 150×150, padded ×3",
      detector: d,
      photos: total,
      found_pct: round((100 * found) / total),
    });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}` && process.argv.includes("--calibrate")) await calibrate();
