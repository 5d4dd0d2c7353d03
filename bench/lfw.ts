// Descriptors of the LFW calibration set (../shared/datasets/lfw-calibration), described
// once by the enrollment pipeline in worker processes and cached in bench/.tmp, keyed by
// file, scale and face model: describing its 1,800 photos takes ~15 min on 2 cores.
// `npx tsx bench/lfw.ts [--scales 1,0.5,…] [--people N]` fills the cache ahead of a bench run.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { FACE_MODEL_ID } from "@/lib/face/types";
import { runWorkerPool } from "@/lib/worker-pool";

export const LFW_DIR = path.resolve(import.meta.dirname, "..", "..", "shared", "datasets", "lfw-calibration");
const CACHE = path.resolve(import.meta.dirname, ".tmp", "lfw-descriptors.jsonl");

export type LfwFace = {
  file: string;
  scale: number;
  found: boolean;
  faces: number;
  width: number | null;
  score: number | null;
  descriptor: number[] | null;
};
export type LfwPerson = { name: string; photos: LfwFace[] };

export function lfwAvailable(): boolean {
  return fs.existsSync(path.join(LFW_DIR, "people"));
}

/** Relative paths of the set: people (sorted, 4 photos each) and strangers (sorted). */
export function lfwFiles(): { people: { name: string; files: string[] }[]; strangers: string[] } {
  const people = fs
    .readdirSync(path.join(LFW_DIR, "people"))
    .sort()
    .map((name) => ({
      name,
      files: fs
        .readdirSync(path.join(LFW_DIR, "people", name))
        .sort()
        .map((f) => path.join("people", name, f)),
    }));
  const strangers = fs
    .readdirSync(path.join(LFW_DIR, "strangers"))
    .sort()
    .map((f) => path.join("strangers", f));
  return { people, strangers };
}

const key = (file: string, scale: number) => `${FACE_MODEL_ID}|${file}|${scale}`;

function readCache(): Map<string, LfwFace> {
  const map = new Map<string, LfwFace>();
  if (!fs.existsSync(CACHE)) return map;
  for (const line of fs.readFileSync(CACHE, "utf8").split("\n")) {
    if (!line.trim()) continue;
    try {
      const row = JSON.parse(line) as LfwFace & { model: string };
      if (row.model === FACE_MODEL_ID) map.set(key(row.file, row.scale), row);
    } catch {
      // A line cut by an interrupted run: described again.
    }
  }
  return map;
}

/** Describes every (file, scale) not yet cached, in worker processes, appending to the cache. */
export async function describeLfw(
  jobs: { file: string; scale: number }[],
  log = (s: string) => console.error(s),
): Promise<Map<string, LfwFace>> {
  const cache = readCache();
  const todo = jobs.filter((j) => !cache.has(key(j.file, j.scale)));
  if (todo.length > 0) {
    fs.mkdirSync(path.dirname(CACHE), { recursive: true });
    const out = fs.openSync(CACHE, "a");
    const workers = Math.max(1, Math.min(os.cpus().length, todo.length));
    log(`lfw: describing ${todo.length} photos in ${workers} workers`);
    let done = 0;
    const started = Date.now();
    try {
      await runWorkerPool<{ file: string; scale: number }, Omit<LfwFace, "file" | "scale"> & { id: number }>(
        path.resolve(import.meta.dirname, "lfw-worker.ts"),
        todo.map((j) => ({ file: path.join(LFW_DIR, j.file), scale: j.scale })),
        workers,
        (id, m) => {
          const { id: _id, ...rest } = m;
          const row: LfwFace = { file: todo[id].file, scale: todo[id].scale, ...rest };
          fs.writeSync(out, JSON.stringify({ model: FACE_MODEL_ID, ...row }) + "\n");
          cache.set(key(row.file, row.scale), row);
          if (++done % 100 === 0) log(`lfw: ${done}/${todo.length} (${Math.round((Date.now() - started) / done)} ms each)`);
        },
      );
    } finally {
      fs.closeSync(out);
    }
  }
  return cache;
}

/** Every person's 4 photos and every stranger's photo at natural size, described. */
export async function lfwSet(): Promise<{ people: LfwPerson[]; strangers: LfwFace[] }> {
  const { people, strangers } = lfwFiles();
  const cache = await describeLfw([...people.flatMap((p) => p.files), ...strangers].map((file) => ({ file, scale: 1 })));
  return {
    people: people.map((p) => ({ name: p.name, photos: p.files.map((f) => cache.get(key(f, 1))!) })),
    strangers: strangers.map((f) => cache.get(key(f, 1))!),
  };
}

export function lfwFace(cache: Map<string, LfwFace>, file: string, scale: number): LfwFace | undefined {
  return cache.get(key(file, scale));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const set = await lfwSet();
  const found = [...set.people.flatMap((p) => p.photos), ...set.strangers].filter((f) => f.found).length;
  console.log(JSON.stringify({ people: set.people.length, strangers: set.strangers.length, faces_found: found }));
}
