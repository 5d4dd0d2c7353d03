// Check-in throughput through the kiosk API (POST /api/kiosk/v1/check-ins, one event per face),
// as the kiosk page sends it: `npm start` with a class of 2,000 enrolled students (one synthetic
// template each, seeded) and N simulated kiosks calling over HTTP for 20 s each. Side by side in
// one run: SQLite with one instance (N = 1, 10, 50, 200), and a throwaway PostgreSQL cluster
// with one and with two instances (N = 50, 200; with two, each kiosk alternates between them).
// Each kiosk sends at most 5 calls a second: the server's per-kiosk rate limit, above what a
// real screen sends. Afterwards the database must hold every acknowledged check-in, once.
// Then the district: loading the school-wide gallery of 20,000 students (60,000 templates) on
// both databases, and matching one probe against it.
// The load generator runs on the same 2 cores as the servers (and PostgreSQL): see README.
import path from "node:path";
import { cpuSplit, quantile, round } from "./support";
import { startApp, type RunningApp } from "../tests/support/app";
import { MONDAY_0805, seedLoadClass } from "../tests/support/load-class";
import { rng } from "../tests/support/rng";
import { kioskPost } from "../tests/support/kiosk-api";
import { startPostgres, type PostgresCluster } from "../tests/support/postgres";
import { benchDistrict } from "./district";

const PORT = Number(process.env.BENCH_PORT ?? 3520);
const STUDENTS = 2_000;
const SECONDS = Number(process.env.BENCH_CHECKIN_SECONDS ?? 20);
const PER_KIOSK_PER_S = 5;

type Outcome = { ok: boolean; student: number; outcome: string; ms: number };
type Setup = { database: "sqlite" | "postgresql"; instances: 1 | 2; kiosks: number[] };

const SETUPS: Setup[] = [
  { database: "sqlite", instances: 1, kiosks: [1, 10, 50, 200] },
  { database: "postgresql", instances: 1, kiosks: [50, 200] },
  { database: "postgresql", instances: 2, kiosks: [50, 200] },
];

async function runSetup(setup: Setup, cluster: PostgresCluster | undefined, profiling: Record<string, string>) {
  const databaseUrl = setup.database === "postgresql" ? await cluster!.createDatabase(`bench_${setup.instances}`) : undefined;
  const apps: RunningApp[] = [await startApp(PORT, { ...profiling, ROLLCALL_INSTANCE: "app-1" }, { databaseUrl })];
  if (setup.instances === 2)
    apps.push(await startApp(PORT + 1, { ...profiling, ROLLCALL_INSTANCE: "app-2" }, { databaseUrl, dataDir: apps[0].dataDir }));
  const results: Record<string, unknown>[] = [];
  try {
    const maxKiosks = Math.max(...setup.kiosks);
    const { centres, cookies } = await seedLoadClass(apps[0], STUDENTS, maxKiosks);
    const db = apps[0].db;
    const klass = await db.class.findUniqueOrThrow({ where: { code: "LOAD" } });
    const r = rng(7);
    const gauss = () => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
    const probe = (student: number) => centres[student].map((v) => v + gauss() * 0.01);
    // Warm-up: the first calls compile routes and fill caches, on every instance.
    for (const app of apps)
      for (let i = 0; i < 20; i++)
        await kioskPost(
          app.baseUrl,
          "/check-ins",
          { faces: [{ trackId: "w", frames: [probe(0), probe(0)] }] },
          cookies[i % cookies.length],
        );

    for (const n of setup.kiosks) {
      await db.attendanceRecord.deleteMany({});
      let next = 0;
      const outcomes: Outcome[] = [];
      const end = Date.now() + SECONDS * 1000;
      const kiosk = async (cookie: string, k: number) => {
        let call = k;
        while (Date.now() < end) {
          const started = Date.now();
          const student = next++ % STUDENTS;
          const t0 = performance.now();
          const app = apps[call % apps.length];
          try {
            const track = `k${k}-${call++}`;
            const { status, value } = await kioskPost(
              app.baseUrl,
              "/check-ins",
              {
                faces: [{ trackId: track, eventId: `ev-${n}-${track}`, capturedAt: MONDAY_0805, frames: [probe(student), probe(student)] }],
              },
              cookie,
            );
            const v = value as { ok?: boolean; faces?: { outcome: string }[] } | null;
            const outcome =
              status === 200 && v?.ok ? (v.faces?.[0]?.outcome ?? "none") : `error:${status}:${(value as { error?: string })?.error ?? ""}`;
            outcomes.push({ ok: outcome === "marked" || outcome === "already", student, outcome, ms: performance.now() - t0 });
          } catch (e) {
            outcomes.push({ ok: false, student, outcome: `error:${(e as Error).message}`, ms: performance.now() - t0 });
          }
          const wait = 1000 / PER_KIOSK_PER_S - (Date.now() - started);
          if (wait > 0) await new Promise((res) => setTimeout(res, wait));
        }
      };
      const cpu0 = cpuSplit(
        apps.map((a) => a.pid()),
        "postgres",
      );
      const t0 = performance.now();
      await Promise.all(cookies.slice(0, n).map((c, k) => kiosk(c, k)));
      const elapsed = (performance.now() - t0) / 1000;
      // Where the 2 cores went: share of one core each, over the run (the profile's first cut).
      const cpu1 = cpuSplit(
        apps.map((a) => a.pid()),
        "postgres",
      );
      const core = (k: "apps" | "named" | "self") => round((cpu1[k] - cpu0[k]) / elapsed, 2);
      // Every acknowledged check-in is in the database, exactly once per student.
      const acknowledged = new Set(outcomes.filter((o) => o.ok).map((o) => `load-${o.student}`));
      const records = await db.attendanceRecord.findMany({ where: { session: { classId: klass.id } }, select: { studentId: true } });
      const stored = new Set(records.map((x) => x.studentId));
      const missing = [...acknowledged].filter((s) => !stored.has(s)).length;
      const ms = outcomes.map((o) => o.ms);
      const errors = outcomes.filter((o) => !o.ok);
      const rps = outcomes.length / elapsed;
      const baseline = setup.database === "sqlite" && setup.instances === 1 && n === 50;
      results.push({
        name: "checkin",
        database: setup.database,
        instances: setup.instances,
        kiosks: n,
        seconds: round(elapsed),
        requests: outcomes.length,
        requests_per_s: round(rps),
        p50_ms: round(quantile(ms, 0.5)),
        p95_ms: round(quantile(ms, 0.95)),
        p99_ms: round(quantile(ms, 0.99)),
        errors: errors.length,
        error_kinds: [...new Set(errors.map((e) => e.outcome))].slice(0, 5),
        marked: outcomes.filter((o) => o.outcome === "marked").length,
        already: outcomes.filter((o) => o.outcome === "already").length,
        acknowledged_students: acknowledged.size,
        records_in_db: records.length,
        duplicate_records: records.length - stored.size,
        acknowledged_missing_from_db: missing,
        offered_per_kiosk_per_s: PER_KIOSK_PER_S,
        cores_used: {
          app_instances: core("apps"),
          postgresql: setup.database === "postgresql" ? core("named") : 0,
          load_generator: core("self"),
        },
        target: baseline ? "≥ 200 check-ins/s with p95 ≤ 50 ms at N = 50" : undefined,
        met: baseline ? rps >= 200 && quantile(ms, 0.95) <= 50 : undefined,
      });
    }
  } finally {
    for (const app of apps.reverse()) await app.stop();
  }
  return results;
}

export async function benchCheckin(): Promise<Record<string, unknown>[]> {
  // BENCH_PROFILE_DIR=<dir> writes CPU profiles of the server under this load (bench/cpu-profile.cjs).
  const profiling: Record<string, string> = process.env.BENCH_PROFILE_DIR
    ? { NODE_OPTIONS: `--require ${path.resolve("bench/cpu-profile.cjs")}` }
    : {};
  const wanted = (process.env.BENCH_CHECKIN_DATABASES ?? "sqlite,postgresql").split(",");
  const setups = SETUPS.filter((s) => wanted.includes(s.database));
  const cluster = setups.some((s) => s.database === "postgresql") ? await startPostgres() : undefined;
  const results: Record<string, unknown>[] = [];
  try {
    for (const setup of setups) results.push(...(await runSetup(setup, cluster, profiling)));
    results.push(...(await benchDistrict(cluster)));
  } finally {
    cluster?.stop();
  }
  return results;
}
