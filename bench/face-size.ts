// How recognition degrades with the face's size in an enrollment photo, on the LFW calibration
// set: photo 1 of 100 people, resized so the face is 160, 120, 100, 80, 64 and 48 px wide
// (LFW faces are ~90–120 px: 160 and 120 are upscaled, which adds no detail and shows the
// pipeline at that input size), described by the enrollment pipeline, then identified among
// the whole set's photos 2–4 (300 people) under the active rules. Reports, per size: faces
// found, genuine distance (to the person's own photos), rank-1 correct, matched to a wrong person.
// `npm run bench -- face-size`.
import { Gallery, matchProbe } from "@/lib/face/match";
import { DEFAULT_RULES, type MatchingRules } from "@/lib/face/rules";
import { describeLfw, lfwAvailable, lfwFace, lfwFiles, lfwSet } from "./lfw";
import { quantile } from "./support";
import { rng } from "../tests/support/rng";

export const FACE_SIZES = [160, 120, 100, 80, 64, 48];
const PEOPLE = 100;

export async function benchFaceSize(rules: MatchingRules = DEFAULT_RULES): Promise<Record<string, unknown>[]> {
  if (!lfwAvailable()) return [{ name: "face-size", skipped: "../shared/datasets/lfw-calibration not found" }];
  const set = await lfwSet();
  const random = rng(7);
  const chosen = set.people
    .map((p) => ({ p, r: random() }))
    .sort((a, b) => a.r - b.r)
    .slice(0, PEOPLE)
    .map((x) => x.p)
    .filter((p) => p.photos[0].found);
  const files = lfwFiles();
  const fileOf = new Map(files.people.map((p) => [p.name, p.files[0]]));
  const jobs = chosen.flatMap((p) =>
    FACE_SIZES.map((size) => ({ file: fileOf.get(p.name)!, scale: Number((size / p.photos[0].width!).toFixed(4)) })),
  );
  const cache = await describeLfw(jobs);
  const gallery = Gallery.fromTemplates(
    set.people.flatMap((p) =>
      p.photos
        .slice(1)
        .filter((f) => f.found)
        .map((f) => ({ studentId: p.name, descriptor: f.descriptor! })),
    ),
  );
  const rows: Record<string, unknown>[] = [];
  for (const [i, size] of FACE_SIZES.entries()) {
    let found = 0;
    let correct = 0;
    let wrong = 0;
    const genuine: number[] = [];
    const widths: number[] = [];
    for (const p of chosen) {
      const job = jobs[chosen.indexOf(p) * FACE_SIZES.length + i];
      const f = lfwFace(cache, job.file, job.scale);
      if (!f?.found) continue;
      found++;
      widths.push(f.width!);
      const own = Gallery.fromTemplates(
        set.people
          .find((q) => q.name === p.name)!
          .photos.slice(1)
          .filter((x) => x.found)
          .map((x) => ({ studentId: p.name, descriptor: x.descriptor! })),
      );
      genuine.push(matchProbe(own, f.descriptor!, rules).distance);
      const r = matchProbe(gallery, f.descriptor!, rules);
      if (r.decision === "match" && r.studentId === p.name) correct++;
      else if (r.decision === "match") wrong++;
    }
    rows.push({
      name: "face-size",
      target_face_px: size,
      measured_face_px_p50: Math.round(quantile(widths, 0.5)),
      photos: chosen.length,
      faces_found_pct: Number(((100 * found) / chosen.length).toFixed(1)),
      genuine_distance_p50: Number(quantile(genuine, 0.5).toFixed(3)),
      genuine_distance_p95: Number(quantile(genuine, 0.95).toFixed(3)),
      identified_correctly_pct: Number(((100 * correct) / chosen.length).toFixed(1)),
      matched_wrong_person: wrong,
      rules: `threshold ${rules.threshold}, margin ${rules.minMargin}, school of ${set.people.length}`,
    });
  }
  return rows;
}
