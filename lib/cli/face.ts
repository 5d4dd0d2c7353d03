// CLI commands of the face pipeline: embed, verify, rules.
import fs from "node:fs";
import path from "node:path";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { describeImage, ImageDecodeError } from "@/lib/face/node";
import { euclidean } from "@/lib/face/match";
import { resolveRules } from "@/lib/face/rules";
import { CliError } from "@/lib/cli/args";

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
  const settings = await db.schoolSettings.findUnique({ where: { id: 1 } });
  return resolveRules(settings?.matchingRules);
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


