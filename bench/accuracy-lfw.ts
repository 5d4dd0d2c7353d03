// Accuracy on the LFW calibration set (../shared/datasets/lfw-calibration): a school of all 300
// people (photos 1–3 enrolled), classes of 30 drawn from it, photo 4 of each person as the probe
// and 600 never-enrolled people. One probe frame per face, given as every frame of the window,
// so the frames rule adds nothing: these are single-frame figures.
// - class members: marked as themselves (correct), as another class member (wrong), or not at all;
// - other-class students: marked present as a member of the class (a missing child recorded as there);
// - never-enrolled people: marked present as a member of the class.
// Rollcall's decision (identify in the school, decide for the class; lib/face/identify.ts) is run
// for the active rules exactly as the kiosk runs it; the trade-off curve over thresholds and
// margins uses the same arithmetic on precomputed nearest distances (checked equal at the
// active rules). face_recognition's rule (nearest template of the class ≤ 0.6) is the baseline.
import fs from "node:fs";
import path from "node:path";
import { Gallery, matchProbe } from "@/lib/face/match";
import { identifyTrack, isLookAlike, lookAlikeDistance, strictRules } from "@/lib/face/identify";
import { DEFAULT_RULES, type MatchingRules } from "@/lib/face/rules";
import { lfwAvailable, lfwSet, type LfwFace } from "./lfw";
import { rng } from "../tests/support/rng";

const CLASSES = 100;
const CLASS_SIZE = 30;

type Probe = { who: string | null; face: LfwFace };
type Counts = {
  members: number;
  correct: number;
  wrongMember: number;
  others: number;
  othersMarked: number;
  strangers: number;
  strangersMarked: number;
};

function rates(c: Counts) {
  return {
    class_members_correct: c.correct / c.members,
    marked_as_another_class_member: c.wrongMember / c.members,
    other_class_students_marked: c.othersMarked / c.others,
    never_enrolled_marked: c.strangersMarked / c.strangers,
  };
}

const pct = (x: number, digits = 2) => Number((100 * x).toFixed(digits));

export async function lfwAccuracy(rules: MatchingRules = DEFAULT_RULES): Promise<Record<string, unknown>[]> {
  if (!lfwAvailable()) return [{ name: "accuracy-lfw", skipped: "../shared/datasets/lfw-calibration not found" }];
  const set = await lfwSet();
  const allPhotos = [...set.people.flatMap((p) => p.photos), ...set.strangers];
  const facesFound = allPhotos.filter((f) => f.found).length / allPhotos.length;
  const templates = set.people.flatMap((p) =>
    p.photos
      .slice(0, 3)
      .filter((f) => f.found)
      .map((f) => ({ studentId: p.name, descriptor: f.descriptor! })),
  );
  const school = Gallery.fromTemplates(templates);
  const probes: Probe[] = [
    ...set.people.map((p) => ({ who: p.name, face: p.photos[3] })),
    ...set.strangers.map((f) => ({ who: null, face: f })),
  ];

  const random = rng(13);
  const names = set.people.map((p) => p.name);
  const classes = Array.from({ length: CLASSES }, () => {
    const pool = [...names];
    for (let i = pool.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    return new Set(pool.slice(0, CLASS_SIZE));
  });

  /** Counts over all classes, given each probe's marked student for a class (null: nobody). */
  const count = (decide: (p: Probe, klass: Set<string>, ci: number) => string | null): Counts => {
    const c: Counts = { members: 0, correct: 0, wrongMember: 0, others: 0, othersMarked: 0, strangers: 0, strangersMarked: 0 };
    classes.forEach((klass, ci) => {
      for (const p of probes) {
        const marked = p.face.found ? decide(p, klass, ci) : null;
        if (p.who === null) {
          c.strangers++;
          if (marked) c.strangersMarked++;
        } else if (klass.has(p.who)) {
          c.members++;
          if (marked === p.who) c.correct++;
          else if (marked) c.wrongMember++;
        } else {
          c.others++;
          if (marked) c.othersMarked++;
        }
      }
    });
    return c;
  };

  // The kiosk's code, for the active rules.
  const kiosk = count((p, klass) => {
    const frames = Array.from({ length: rules.framesWindow }, () => p.face.descriptor!);
    const r = identifyTrack(school, frames, rules, {
      inClass: (id) => klass.has(id),
      isLookAlike: (id) => isLookAlike(school, id, rules.threshold),
    });
    return r.decision === "match" ? r.studentId : null;
  });

  // Precomputed for the curve: each probe's nearest student and the nearest other (a student is
  // a look-alike when lookAlikeDistance, memoised per gallery, is within the threshold).
  const nearest = probes.map((p) => (p.face.found ? matchProbe(school, p.face.descriptor!, { ...rules, minMargin: 0 }) : null));
  const index = new Map(probes.map((p, i) => [p, i]));
  const decideFast = (threshold: number, margin: number) => (p: Probe, klass: Set<string>) => {
    const n = nearest[index.get(p)!];
    if (!n || !n.studentId || n.distance > threshold) return null;
    const strict = lookAlikeDistance(school, n.studentId) <= threshold;
    const need = strict ? strictRules({ ...rules, minMargin: margin }).minMargin : margin;
    if (n.margin < need) return null;
    return klass.has(n.studentId) ? n.studentId : null;
  };
  const fastAtActive = count(decideFast(rules.threshold, rules.minMargin));
  if (JSON.stringify(fastAtActive) !== JSON.stringify(kiosk))
    throw new Error(`The curve's arithmetic disagrees with the kiosk's code: ${JSON.stringify(fastAtActive)} vs ${JSON.stringify(kiosk)}`);

  // face_recognition's compare_faces on the class's own gallery: nearest template ≤ 0.6.
  const classGalleries = classes.map((klass) => Gallery.fromTemplates(templates.filter((t) => klass.has(t.studentId))));
  const baseline = count((p, _klass, ci) => {
    const r = matchProbe(classGalleries[ci], p.face.descriptor!, { ...DEFAULT_RULES, threshold: 0.6, minMargin: 0 });
    return r.studentId !== null && r.distance <= 0.6 ? r.studentId : null;
  });
  // The class gallery alone under Rollcall's rules (how the kiosk matched before identifying in the school).
  const classOnly = count((p, _klass, ci) => {
    const r = matchProbe(classGalleries[ci], p.face.descriptor!, rules);
    return r.decision === "match" ? r.studentId : null;
  });

  const curve: Record<string, number>[] = [];
  for (let t = 0.4; t <= 0.6001; t += 0.01)
    for (const m of [0, 0.02, 0.04, 0.05, 0.06, 0.08, 0.1]) {
      const r = rates(count(decideFast(t, m)));
      curve.push({ threshold: Number(t.toFixed(2)), margin: m, ...Object.fromEntries(Object.entries(r).map(([k, v]) => [k, pct(v, 3)])) });
    }
  const curveFile = path.join(import.meta.dirname, "results", "lfw-curve.json");
  fs.mkdirSync(path.dirname(curveFile), { recursive: true });
  fs.writeFileSync(curveFile, JSON.stringify(curve) + "\n");

  const row = (rule: string, c: Counts) => ({
    name: "accuracy-lfw",
    rule,
    classes: CLASSES,
    class_size: CLASS_SIZE,
    school_size: set.people.length,
    faces_found_pct: pct(facesFound),
    class_member_probes: c.members,
    ...Object.fromEntries(Object.entries(rates(c)).map(([k, v]) => [`${k}_pct`, pct(v, 3)])),
    other_class_probes: c.others,
    never_enrolled_probes: c.strangers,
  });
  return [
    row(`rollcall: school gallery, then class (threshold ${rules.threshold}, margin ${rules.minMargin})`, kiosk),
    row(`class gallery only (threshold ${rules.threshold}, margin ${rules.minMargin})`, classOnly),
    row("face_recognition baseline: class gallery, nearest ≤ 0.6", baseline),
    { name: "accuracy-lfw-curve", file: path.relative(process.cwd(), curveFile), points: curve.length },
  ];
}
