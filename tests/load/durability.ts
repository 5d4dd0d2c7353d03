// Durability under load and crashes (`npm run test:durability`, part of `npm test`):
// the real app on SQLite, 50 paired kiosks sending check-ins for 60 s; halfway through a
// burst the app is killed with SIGKILL and started again while the kiosks keep sending.
// Afterwards every acknowledged check-in must be in the database exactly once, the
// database must pass SQLite's integrity check, and the same student from two kiosks at
// the same moment must give one record. Prints a JSON summary; exits 1 on any failure.
import Database from "better-sqlite3";
import path from "node:path";
import { startApp } from "../support/app";
import { MONDAY_0805, seedLoadClass } from "../support/load-class";
import { rng } from "../support/rng";
import { kioskPost } from "../support/kiosk-api";

const PORT = Number(process.env.DURABILITY_PORT ?? 3530);
const KIOSKS = 50;
// More students than the run sends check-ins (about 5,000): each student is sent once, so a
// check-in lost in the crash cannot be healed by the same student checking in again later.
const STUDENTS = 10_000;
const SECONDS = Number(process.env.DURABILITY_SECONDS ?? 60);
const KILL_AT_S = SECONDS / 2;

const app = await startApp(PORT);
const failures: string[] = [];
try {
  const { centres, cookies } = await seedLoadClass(app, STUDENTS, KIOSKS);
  const r = rng(11);
  const gauss = () => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
  // Each face one event (its id, when it was seen), as the kiosk page sends it through the API.
  const payload = (student: number, track: string) => ({
    faces: [
      {
        trackId: track,
        eventId: `ev-${track}`,
        capturedAt: MONDAY_0805, // the server's (test) clock
        frames: [0, 1].map(() => centres[student].map((v) => v + gauss() * 0.01)),
      },
    ],
  });

  // Seeding 10,000 students outlasts the server's keep-alive timeout: the first request on the
  // idle pooled connection can fail with "other side closed". Open fresh ones first.
  for (let i = 0; i < 3; i++) await fetch(`${app.baseUrl}/login`).catch(() => null);
  // The same student from two kiosks at the same moment: one record.
  const twin = await Promise.all([0, 1].map((k) => kioskPost(app.baseUrl, "/check-ins", payload(0, `twin${k}`), cookies[k])));
  const twinOutcomes = twin.map((t) => (t.value as { faces?: { outcome: string }[] })?.faces?.[0]?.outcome).sort();
  if (JSON.stringify(twinOutcomes) !== JSON.stringify(["already", "marked"])) failures.push(`two kiosks at once: outcomes ${twinOutcomes}`);
  if ((await app.db.attendanceRecord.count({ where: { studentId: "load-0" } })) !== 1)
    failures.push("two kiosks at once: not exactly one record");

  const acknowledged = new Set<string>();
  let sent = 0;
  let failed = 0;
  let next = 1;
  const started = Date.now();
  const end = started + SECONDS * 1000;
  let killedAt = 0;
  let acknowledgedBeforeKill = 0;
  let upAgainAt = 0;
  const kiosk = async (cookie: string, k: number) => {
    let call = 0;
    while (Date.now() < end) {
      const t0 = Date.now();
      const student = next++ % STUDENTS;
      sent++;
      try {
        const { status, value } = await kioskPost(app.baseUrl, "/check-ins", payload(student, `k${k}-${call++}`), cookie);
        const outcome = (value as { ok?: boolean; faces?: { outcome: string }[] })?.faces?.[0]?.outcome;
        if (status === 200 && (outcome === "marked" || outcome === "already")) acknowledged.add(`load-${student}`);
        else failed++;
      } catch {
        failed++; // the server is down: not acknowledged, the kiosk tries the next face
      }
      await new Promise((res) => setTimeout(res, Math.max(0, 200 - (Date.now() - t0))));
    }
  };
  const crash = (async () => {
    await new Promise((res) => setTimeout(res, KILL_AT_S * 1000));
    acknowledgedBeforeKill = acknowledged.size;
    await app.kill9();
    killedAt = (Date.now() - started) / 1000;
    await app.restart();
    upAgainAt = (Date.now() - started) / 1000;
  })();
  await Promise.all([...cookies.map((c, k) => kiosk(c, k)), crash]);

  const records = await app.db.attendanceRecord.findMany({ select: { studentId: true, sessionId: true } });
  const perStudent = new Map<string, number>();
  for (const x of records) perStudent.set(x.studentId, (perStudent.get(x.studentId) ?? 0) + 1);
  const missing = [...acknowledged].filter((s) => !perStudent.has(s));
  const duplicates = [...perStudent.values()].filter((n) => n > 1).length;
  if (missing.length) failures.push(`${missing.length} acknowledged check-ins missing after the crash`);
  if (duplicates) failures.push(`${duplicates} students with more than one record`);
  if (acknowledged.size < 100) failures.push(`only ${acknowledged.size} acknowledged check-ins: the load did not run`);
  if (next > STUDENTS) failures.push(`${next} check-ins sent for ${STUDENTS} students: some were sent twice`);
  const sqlite = new Database(path.join(app.dataDir, "rollcall.db"), { readonly: true });
  const integrity = (sqlite.pragma("integrity_check") as { integrity_check: string }[])[0].integrity_check;
  sqlite.close();
  if (integrity !== "ok") failures.push(`integrity_check: ${integrity}`);
  console.log(
    JSON.stringify({
      name: "durability",
      kiosks: KIOSKS,
      seconds: SECONDS,
      requests_sent: sent,
      requests_failed_or_refused: failed,
      killed_at_s: killedAt,
      up_again_at_s: upAgainAt,
      acknowledged_before_kill: acknowledgedBeforeKill,
      acknowledged_students: acknowledged.size,
      records_in_db: records.length,
      acknowledged_missing: missing.length,
      duplicate_records: duplicates,
      integrity,
      failures,
    }),
  );
} catch (e) {
  failures.push(String(e));
  console.error(`${e}\n--- app log ---\n${app.log().slice(-4000)}`);
} finally {
  await app.stop();
}
process.exit(failures.length ? 1 : 0);
