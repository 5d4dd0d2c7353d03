// CLI commands of the face pipeline: embed, verify, rules, identify, calibrate.
import fs from "node:fs";
import path from "node:path";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { describeImage, ImageDecodeError } from "@/lib/face/node";
import type { ZodType } from "zod";
import { euclidean, Gallery } from "@/lib/face/match";
import { identifyTrack, isLookAlike } from "@/lib/face/identify";
import { matchingRulesSchema, type MatchingRules } from "@/lib/face/rules";
import { applyRules, calibrateSchool } from "@/lib/matching/calibration";
import { sortedQuantile } from "@/lib/face/calibrate";
import { schoolSettings } from "@/lib/settings";
import { CliError, parse } from "@/cli/args";
import { galleryLineSchema, probeLineSchema } from "@/lib/validations/face";

export const embedHelp = "embed <image...>                  one JSON line per image: faces with box, score, 128-d descriptor";
export const verifyHelp = "verify <imageA> <imageB>          distance of the largest faces and the decision under the active rules";
export const rulesHelp = "rules                             the active matching rules as JSON";

const round = (v: number, digits: number) => Number(v.toFixed(digits));

/** embed: exits non-zero only when no input could be read. */
export async function embedCommand(argv: string[]): Promise<void> {
  if (argv.length === 0) throw new CliError(`Usage: npm run cli -- ${embedHelp.split("  ")[0]}`);
  let readable = 0;
  for (const file of argv) {
    if (!fs.existsSync(file)) {
      console.log(JSON.stringify({ file, error: "file not found" }));
      continue;
    }
    try {
      const faces = await describeImage(path.resolve(file));
      readable++;
      const out = faces.map((f) => ({
        box: { x: round(f.box.x, 1), y: round(f.box.y, 1), width: round(f.box.width, 1), height: round(f.box.height, 1) },
        score: round(f.score, 4),
        descriptor: Array.from(f.descriptor),
      }));
      console.log(JSON.stringify({ file, faces: out }));
    } catch (e) {
      const reason = e instanceof ImageDecodeError ? e.message : `could not be processed: ${(e as Error).message}`;
      console.log(JSON.stringify({ file, error: reason }));
    }
  }
  if (readable === 0) throw new CliError("No input could be read.", 1);
}

/** The rules in force: the school's settings over the defaults. */
export async function activeRules(db: PrismaClient) {
  return (await schoolSettings(db)).rules;
}

export async function verifyCommand(db: PrismaClient, argv: string[]): Promise<void> {
  if (argv.length !== 2) throw new CliError(`Usage: npm run cli -- ${verifyHelp.split("  ")[0]}`);
  const rules = await activeRules(db);
  const largest = async (file: string) => {
    let faces;
    try {
      faces = await describeImage(path.resolve(file));
    } catch (e) {
      throw new CliError(`${file}: ${e instanceof ImageDecodeError ? e.message : (e as Error).message}`, 1);
    }
    if (faces.length === 0) throw new CliError(`${file}: no face found`, 1);
    return faces[0].descriptor;
  };
  const distance = euclidean(await largest(argv[0]), await largest(argv[1]));
  console.log(JSON.stringify({ distance: round(distance, 4), decision: distance <= rules.threshold ? "match" : "unknown" }));
}

export async function rulesCommand(db: PrismaClient): Promise<void> {
  console.log(JSON.stringify(await activeRules(db)));
}

export const identifyHelp =
  "identify --gallery <gallery.jsonl> [--class <ids.txt>] [--rules <json>] <probes.jsonl>   the kiosk's decision for each probe, one JSON line each";
export const calibrateHelp =
  "calibrate [--target-far <rate>] [--apply]   threshold for the target false-accept rate from the school's gallery, as JSON";

/** Lines of a JSONL file, each validated; the first bad line stops everything with its number. */
function readJsonl<T>(file: string, schema: ZodType<T>, what: string): T[] {
  if (!fs.existsSync(file)) throw new CliError(`${what} file not found: ${file}`, 1);
  const out: T[] = [];
  fs.readFileSync(file, "utf8")
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (!line.trim()) return;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        throw new CliError(`${file}:${i + 1}: not valid JSON.`, 1);
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success)
        throw new CliError(`${file}:${i + 1}: ${parsed.error.issues[0].path.join(".") || "line"}: ${parsed.error.issues[0].message}`, 1);
      out.push(parsed.data);
    });
  return out;
}

/** --rules: JSON (inline, or a file holding it) over the active rules, validated. */
function rulesOverride(active: MatchingRules, raw: string | undefined): MatchingRules {
  if (raw === undefined) return active;
  const text = raw.trim().startsWith("{") ? raw : fs.existsSync(raw) ? fs.readFileSync(raw, "utf8") : null;
  if (text === null) throw new CliError(`--rules: neither JSON nor a file: ${raw}`, 2);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CliError("--rules: not valid JSON.", 2);
  }
  const parsed = matchingRulesSchema.safeParse({ ...active, ...(json as object) });
  if (!parsed.success)
    throw new CliError(`--rules: ${parsed.error.issues.map((i) => `${i.path.join(".") || "rules"}: ${i.message}`).join("; ")}`, 2);
  return parsed.data;
}

export async function identifyCommand(db: PrismaClient, argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { gallery: { type: "string" }, class: { type: "string" }, rules: { type: "string" } });
  if (!values.gallery || positionals.length !== 1) throw new CliError(`Usage: npm run cli -- ${identifyHelp.split("   ")[0]}`);
  const rules = rulesOverride(await activeRules(db), values.rules);
  const templates = readJsonl(values.gallery, galleryLineSchema, "Gallery");
  let members: Set<string> | null = null;
  if (values.class) {
    if (!fs.existsSync(values.class)) throw new CliError(`Class file not found: ${values.class}`, 1);
    members = new Set(
      fs
        .readFileSync(values.class, "utf8")
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean),
    );
  }
  const probes = readJsonl(positionals[0], probeLineSchema, "Probes");
  const gallery = Gallery.fromTemplates(templates.map((t) => ({ studentId: t.id, descriptor: t.descriptor })));
  const ctx = {
    inClass: (id: string) => members === null || members.has(id),
    isLookAlike: (id: string) => isLookAlike(gallery, id, rules.threshold),
  };
  for (const p of probes) {
    const r = identifyTrack(gallery, p.frames, rules, ctx);
    console.log(JSON.stringify({ probe: p.probe, decision: r.decision, id: r.decision === "match" ? r.studentId : null }));
  }
}

export async function calibrateCommand(db: PrismaClient, argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { "target-far": { type: "string" }, apply: { type: "boolean" } });
  if (positionals.length) throw new CliError(`Usage: npm run cli -- ${calibrateHelp.split("   ")[0]}`);
  let target: number | undefined;
  if (values["target-far"] !== undefined) {
    target = Number(values["target-far"]);
    if (!(target > 0 && target < 0.5)) throw new CliError("--target-far must be a rate between 0 and 0.5, e.g. 0.001 for 1 in 1,000.");
  }
  const result = await calibrateSchool(db, target);
  const c = result.calibration;
  let applied = false;
  if (values.apply) {
    if (!result.suggested) throw new CliError(c.message, 1);
    await applyRules(db, result.suggested, { label: "cli" }, `calibrate --target-far ${c.targetFar}`);
    applied = true;
  }
  const identifiers = new Map(
    (await db.student.findMany({ where: { id: { in: c.retake.map((r) => r.studentId) } }, select: { id: true, identifier: true } })).map(
      (s) => [s.id, s.identifier],
    ),
  );
  const q = (xs: number[], p: number) => {
    const v = sortedQuantile(xs, p);
    return v === null ? null : round(v, 4);
  };
  console.log(
    JSON.stringify({
      target_far: c.targetFar,
      method: c.method,
      students: c.students,
      templates: c.templates,
      students_with_two_photos: c.studentsWithPairs,
      genuine_comparisons: c.genuine.length,
      impostor_comparisons: c.impostor.length,
      genuine: {
        p50: q(c.genuine, 0.5),
        p95: q(c.genuine, 0.95),
        max: c.genuine.length ? round(c.genuine[c.genuine.length - 1], 4) : null,
      },
      impostor: {
        min: c.impostor.length ? round(c.impostor[0], 4) : null,
        p001: q(c.impostor, 0.001),
        p01: q(c.impostor, 0.01),
        p50: q(c.impostor, 0.5),
      },
      threshold: c.threshold,
      measured_far: c.measuredFar === null ? null : round(c.measuredFar, 6),
      genuine_accept_rate: c.genuineAcceptRate === null ? null : round(c.genuineAcceptRate, 4),
      retake_photos: c.retake.map((r) => ({ identifier: identifiers.get(r.studentId) ?? r.studentId, distance: round(r.distance, 4) })),
      current_rules: result.current,
      suggested_rules: result.suggested,
      applied,
      message: c.message,
    }),
  );
}
