// Bulk enrollment: `npm run cli -- import-photos` (the command IT runs) on 200 photos, the 40
// fixture crops repeated 5 times under 200 students with consent, with 1 and 2 workers.
// Photos/s per core = photos/s ÷ workers.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createPrismaClient } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrate";
import { FACES, manifest } from "./fixture-class";
import { round } from "./support";

const PHOTOS = 200;

export async function benchEnroll(): Promise<Record<string, unknown>[]> {
  const sources = Object.entries(manifest.people).flatMap(([person, files]) => files.map((f) => path.join(FACES, "people", person, f)));
  const results: Record<string, unknown>[] = [];
  for (const workers of [1, 2]) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-enroll-bench-"));
    const folder = path.join(dataDir, "photos");
    fs.mkdirSync(folder);
    const url = `file:${path.join(dataDir, "rollcall.db")}`;
    await applyMigrations(url);
    const db = createPrismaClient(url);
    await db.student.createMany({
      data: Array.from({ length: PHOTOS }, (_, i) => ({
        identifier: `E${String(i + 1).padStart(4, "0")}`,
        givenName: `Enrol${i + 1}`,
        familyName: "Bench",
        consentStatus: "GRANTED" as const,
      })),
    });
    await db.$disconnect();
    for (let i = 0; i < PHOTOS; i++)
      fs.copyFileSync(sources[i % sources.length], path.join(folder, `E${String(i + 1).padStart(4, "0")}.png`));
    const t0 = performance.now();
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", "cli/index.ts", "import-photos", folder, "--workers", String(workers), "--allow-look-alikes"],
      {
        env: { ...process.env, ROLLCALL_DATA_DIR: dataDir },
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const seconds = (performance.now() - t0) / 1000;
    const check = createPrismaClient(url);
    const enrolled = await check.faceTemplate.count();
    await check.$disconnect();
    fs.rmSync(dataDir, { recursive: true, force: true });
    results.push({
      name: "enroll",
      workers,
      photos: PHOTOS,
      enrolled,
      exit_code: run.status,
      seconds: round(seconds),
      photos_per_s: round(PHOTOS / seconds, 2),
      photos_per_s_per_core: round(PHOTOS / seconds / workers, 2),
      target: "≥ 1.5 photos/s per core",
      met: PHOTOS / seconds / workers >= 1.5,
    });
  }
  return results;
}
