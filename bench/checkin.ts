// Check-in throughput: `npm start` on SQLite, a class of 2,000 enrolled students (one
// synthetic template each, seeded), and N simulated kiosks (N = 1, 10, 50) that call the
// kiosk API (POST /api/kiosk/v1/check-ins, one event per face) over HTTP for 20 s, as the
// kiosk page does.
// Each kiosk sends at most 5 calls a second: the server's per-kiosk rate limit, above what
// a real screen sends. Afterwards the database must hold every acknowledged check-in, once.
import path from "node:path";
import { quantile, round } from "./support";
import { startApp } from "../tests/support/app";
import { MONDAY_0805, seedLoadClass } from "../tests/support/load-class";
import { rng } from "../tests/support/rng";
import { kioskPost } from "../tests/support/kiosk-api";

const PORT = Number(process.env.BENCH_PORT ?? 3520);
const STUDENTS = 2_000;
const SECONDS = Number(process.env.BENCH_CHECKIN_SECONDS ?? 20);
const PER_KIOSK_PER_S = 5;

type Outcome = { ok: boolean; student: number; outcome: string; ms: number };

export async function benchCheckin(): Promise<Record<string, unknown>[]> {
  // BENCH_PROFILE_DIR=<dir> writes CPU profiles of the server under this load (bench/cpu-profile.cjs).
  const profiling: Record<string, string> = process.env.BENCH_PROFILE_DIR
    ? { NODE_OPTIONS: `--require ${path.resolve("bench/cpu-profile.cjs")}` }
    : {};
  const app = await startApp(PORT, profiling);
  const results: Record<string, unknown>[] = [];
  try {
    const { centres, cookies } = await seedLoadClass(app, STUDENTS, 50);
    const db = app.db;
    const klass = await db.class.findUniqueOrThrow({ where: { code: "LOAD" } });
    const r = rng(7);
    const gauss = () => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
    const probe = (student: number) => centres[student].map((v) => v + gauss() * 0.01);
    // Warm-up: the first calls compile routes and fill caches.
    for (let i = 0; i < 20; i++)
      await kioskPost(app.baseUrl, "/check-ins", { faces: [{ trackId: "w", frames: [probe(0), probe(0)] }] }, cookies[0]);

    for (const n of [1, 10, 50]) {
      await db.attendanceRecord.deleteMany({});
      let next = 0;
      const outcomes: Outcome[] = [];
      const end = Date.now() + SECONDS * 1000;
      const kiosk = async (cookie: string, k: number) => {
        let call = 0;
        while (Date.now() < end) {
          const started = Date.now();
          const student = next++ % STUDENTS;
          const t0 = performance.now();
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
      const t0 = performance.now();
      await Promise.all(cookies.slice(0, n).map((c, k) => kiosk(c, k)));
      const elapsed = (performance.now() - t0) / 1000;
      // Every acknowledged check-in is in the database, exactly once per student.
      const acknowledged = new Set(outcomes.filter((o) => o.ok).map((o) => `load-${o.student}`));
      const records = await db.attendanceRecord.findMany({ where: { session: { classId: klass.id } }, select: { studentId: true } });
      const stored = new Set(records.map((x) => x.studentId));
      const missing = [...acknowledged].filter((s) => !stored.has(s)).length;
      const ms = outcomes.map((o) => o.ms);
      const errors = outcomes.filter((o) => !o.ok);
      const rps = outcomes.length / elapsed;
      results.push({
        name: "checkin",
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
        target: n === 50 ? "≥ 200 check-ins/s with p95 ≤ 50 ms at N = 50" : undefined,
        met: n === 50 ? rps >= 200 && quantile(ms, 0.95) <= 50 : undefined,
      });
    }
  } finally {
    await app.stop();
  }
  return results;
}
