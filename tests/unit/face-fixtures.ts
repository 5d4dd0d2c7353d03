// The fixture faces (tests/fixtures/faces, copied with their manifest from the shared
// fixtures), described once per test file with the enrollment pipeline.
import fs from "node:fs";
import path from "node:path";
import { describeImage } from "@/lib/face/node";
import type { DetectedFace } from "@/lib/face/types";

export const FACES_DIR = path.resolve("tests/fixtures/faces");

export type Manifest = {
  source: string;
  people: Record<string, string[]>;
  groups: Record<string, { people: string[]; note?: string }>;
  strangers: string[];
};

export const manifest: Manifest = JSON.parse(fs.readFileSync(path.join(FACES_DIR, "manifest.json"), "utf8"));

export type Described = { person: string; file: string; faces: DetectedFace[] };

export async function describePeople(): Promise<Described[]> {
  const out: Described[] = [];
  for (const [person, files] of Object.entries(manifest.people))
    for (const file of files) out.push({ person, file, faces: await describeImage(path.join(FACES_DIR, "people", person, file)) });
  return out;
}

export async function describeDir(dir: "strangers" | "groups", files: string[]) {
  const out: { file: string; faces: DetectedFace[] }[] = [];
  for (const file of files) out.push({ file, faces: await describeImage(path.join(FACES_DIR, dir, file)) });
  return out;
}
