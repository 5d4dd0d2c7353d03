// Accuracy on the test fixtures (8 people × 5 photos, 5 labelled group photos, 7 strangers),
// described by the enrollment pipeline, under Rollcall's default rules and, in the same run,
// under face_recognition's plain rule (nearest template, distance ≤ 0.6) as the baseline.
// Photos are still images, so each face is one probe (the kiosk also asks 2 of 3 frames).
// - genuine: each person's photo 5 against templates from their photos 1–4 (and everyone's).
// - wrong people: each of a person's 5 photos against a gallery of the other 7 people only:
//   any match is a false accept of a wrong person.
// - strangers: every face in the stranger photos against the full gallery.
// - groups: every face in the group photos; a match to someone not in the photo's label is a
//   false accept; found = labelled people matched.
import path from "node:path";
import { Gallery, matchProbe } from "@/lib/face/match";
import { DEFAULT_RULES, type MatchingRules } from "@/lib/face/rules";
import { describeImage } from "@/lib/face/node";
import type { DetectedFace } from "@/lib/face/types";
import { FACES, manifest } from "./fixture-class";

type Rule = { name: string; decide(gallery: Gallery, probe: Float32Array): string | null };

const rollcall = (rules: MatchingRules): Rule => ({
  name: `rollcall (threshold ${rules.threshold}, margin ${rules.minMargin})`,
  decide: (g, p) => {
    const r = matchProbe(g, p, rules);
    return r.decision === "match" ? r.studentId : null;
  },
});
// face_recognition's compare_faces: nearest known face within tolerance 0.6, no margin.
const faceRecognition: Rule = {
  name: "face_recognition baseline (nearest template, distance ≤ 0.6)",
  decide: (g, p) => {
    const r = matchProbe(g, p, { ...DEFAULT_RULES, threshold: 0.6, minMargin: 0 });
    return r.studentId !== null && r.distance <= 0.6 ? r.studentId : null;
  },
};

export async function benchAccuracy(): Promise<Record<string, unknown>[]> {
  const people = Object.keys(manifest.people);
  const photos = new Map<string, DetectedFace[]>(); // "amy/1" → faces
  for (const p of people)
    for (let n = 1; n <= 5; n++) photos.set(`${p}/${n}`, await describeImage(path.join(FACES, "people", p, `${p}${n}.png`)));
  const strangers = await Promise.all(manifest.strangers.map((f) => describeImage(path.join(FACES, "strangers", f))));
  const groups: { people: string[]; faces: DetectedFace[] }[] = [];
  for (const [file, g] of Object.entries(manifest.groups))
    groups.push({ people: g.people, faces: await describeImage(path.join(FACES, "groups", file)) });

  const gallery = (who: string[]) =>
    Gallery.fromTemplates(
      who.flatMap((p) =>
        [1, 2, 3, 4].flatMap((n) =>
          photos
            .get(`${p}/${n}`)!
            .slice(0, 1)
            .map((f) => ({ studentId: p, descriptor: f.descriptor })),
        ),
      ),
    );
  const full = gallery(people);
  const results: Record<string, unknown>[] = [];
  for (const rule of [rollcall(DEFAULT_RULES), faceRecognition]) {
    const c = {
      genuine: 0,
      trueAccepts: 0,
      genuineWrongPerson: 0,
      genuineUnknown: 0,
      impostorProbes: 0,
      impostorFalseAccepts: 0,
      strangerFaces: 0,
      strangerFalseAccepts: 0,
      groupLabelled: 0,
      groupFound: 0,
      groupFaces: 0,
      groupFalseAccepts: 0,
    };
    for (const p of people) {
      const [face] = photos.get(`${p}/5`)!;
      c.genuine++;
      const who = rule.decide(full, face.descriptor);
      if (who === p) c.trueAccepts++;
      else if (who) c.genuineWrongPerson++;
      else c.genuineUnknown++;
      const others = gallery(people.filter((o) => o !== p));
      for (let n = 1; n <= 5; n++) {
        const [f] = photos.get(`${p}/${n}`)!;
        c.impostorProbes++;
        if (rule.decide(others, f.descriptor)) c.impostorFalseAccepts++;
      }
    }
    for (const faces of strangers)
      for (const f of faces) {
        c.strangerFaces++;
        if (rule.decide(full, f.descriptor)) c.strangerFalseAccepts++;
      }
    for (const g of groups) {
      const found = new Set<string>();
      for (const f of g.faces) {
        c.groupFaces++;
        const who = rule.decide(full, f.descriptor);
        if (who && g.people.includes(who)) found.add(who);
        else if (who) c.groupFalseAccepts++;
      }
      c.groupLabelled += g.people.length;
      c.groupFound += found.size;
    }
    results.push({
      name: "accuracy",
      rule: rule.name,
      genuine_probes: c.genuine,
      true_accepts: c.trueAccepts,
      genuine_unknown: c.genuineUnknown,
      genuine_matched_wrong_person: c.genuineWrongPerson,
      wrong_person_probes: c.impostorProbes,
      wrong_person_false_accepts: c.impostorFalseAccepts,
      stranger_faces: c.strangerFaces,
      stranger_false_accepts: c.strangerFalseAccepts,
      group_faces: c.groupFaces,
      group_labelled_people: c.groupLabelled,
      group_people_found: c.groupFound,
      group_false_accepts: c.groupFalseAccepts,
      false_accepts_total: c.genuineWrongPerson + c.impostorFalseAccepts + c.strangerFalseAccepts + c.groupFalseAccepts,
    });
  }
  return results;
}
