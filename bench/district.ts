// A district's school-wide gallery: 20,000 students with 3 templates each (60,000, synthetic and
// seeded), on SQLite and on PostgreSQL. Measures what a kiosk check-in pays after any change to
// templates, enrollments or students (every instance reloads the gallery once: the
// GalleryVersion triggers) and what it pays on every face (one probe against the whole gallery).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createPrismaClient } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrate";
import { schoolGallery } from "@/lib/attendance/checkin";
import { descriptorToBytes } from "@/lib/face/match";
import { FACE_MODEL_ID } from "@/lib/face/types";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { syntheticFace } from "../tests/support/synthetic-faces";
import type { PostgresCluster } from "../tests/support/postgres";
import { quantile, round } from "./support";

const STUDENTS = Number(process.env.BENCH_DISTRICT_STUDENTS ?? 20_000);
const PER_STUDENT = 3;

async function seed(db: PrismaClient, centres: number[][]) {
  const BATCH = 2_000;
  for (let i = 0; i < STUDENTS; i += BATCH) {
    const ids = Array.from({ length: Math.min(BATCH, STUDENTS - i) }, (_, k) => i + k);
    await db.student.createMany({
      data: ids.map((n) => ({
        id: `d-${n}`,
        identifier: `D${n}`,
        givenName: `Student${n}`,
        familyName: "District",
        consentStatus: "GRANTED" as const,
      })),
    });
    await db.faceTemplate.createMany({
      data: ids.flatMap((n) =>
        Array.from({ length: PER_STUDENT }, (_, t) => ({
          studentId: `d-${n}`,
          descriptor: descriptorToBytes(centres[n].map((v, j) => v + Math.sin(n * 13 + t * 7 + j) * 0.01)),
          modelId: FACE_MODEL_ID,
        })),
      ),
    });
  }
}

async function measure(database: string, db: PrismaClient, centres: number[][]): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  await seed(db, centres);
  const seedS = (performance.now() - t0) / 1000;
  // Each load as after a change: a version no cache holds.
  const loads: number[] = [];
  let gallery;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    gallery = (await schoolGallery(db, 1_000_000 + i)).gallery;
    loads.push(performance.now() - t);
  }
  const match: number[] = [];
  for (let i = 0; i < 200; i++) {
    const probe = centres[(i * 97) % STUDENTS].map((v) => v + 0.005);
    const t = performance.now();
    gallery!.nearestTwo(probe);
    match.push(performance.now() - t);
  }
  return {
    name: "district-gallery",
    database,
    students: STUDENTS,
    templates: STUDENTS * PER_STUDENT,
    seed_s: round(seedS),
    gallery_load_ms_median: round(quantile(loads, 0.5)),
    gallery_load_ms_all: loads.map((x) => round(x)),
    match_one_probe_ms_p50: round(quantile(match, 0.5), 2),
    match_one_probe_ms_p95: round(quantile(match, 0.95), 2),
    rss_mb: Math.round(process.memoryUsage().rss / 2 ** 20),
  };
}

export async function benchDistrict(cluster: PostgresCluster | undefined): Promise<Record<string, unknown>[]> {
  const centres = Array.from({ length: STUDENTS }, (_, i) => syntheticFace(50_000 + i));
  const rows: Record<string, unknown>[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-district-"));
  try {
    const url = `file:${path.join(dir, "district.db")}`;
    await applyMigrations(url);
    const db = createPrismaClient(url);
    rows.push(await measure("sqlite", db, centres));
    await db.$disconnect();
    if (cluster) {
      const pgUrl = await cluster.migratedDatabase("district");
      const pg = createPrismaClient(pgUrl);
      rows.push(await measure("postgresql", pg, centres));
      await pg.$disconnect();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
