// `npm run bench [-- <name>...]`: runs the benchmarks, prints one JSON object per line
// and writes them to bench/results/latest.json (and, for accuracy, the LFW trade-off chart in
// docs/). Benchmarks report; they never fail CI.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { benchAccuracy } from "./accuracy";
import { benchCheckin } from "./checkin";
import { benchEnroll } from "./enroll";
import { benchKiosk } from "./kiosk";
import { benchMatch } from "./match";
import { lfwAccuracy } from "./accuracy-lfw";
import { benchFaceSize } from "./face-size";
import { benchDetectors } from "./detectors";
import { writeCurveChart } from "./curve-chart";

const BENCHMARKS: Record<string, () => Promise<Record<string, unknown>[]>> = {
  kiosk: benchKiosk,
  match: benchMatch,
  checkin: benchCheckin,
  enroll: benchEnroll,
  accuracy: async () => [...(await benchAccuracy()), ...(await lfwAccuracy())],
  "face-size": benchFaceSize,
  detectors: benchDetectors,
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !BENCHMARKS[w]);
if (unknown.length) {
  console.error(`Unknown benchmark(s): ${unknown.join(", ")}. Available: ${Object.keys(BENCHMARKS).join(", ")}`);
  process.exit(2);
}
const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memory_gb: Math.round(os.totalmem() / 2 ** 30), node: process.version };
const ran = wanted.length ? wanted : Object.keys(BENCHMARKS);
const date = new Date().toISOString();
const fresh: Record<string, unknown>[] = [];
for (const name of ran) {
  for (const row of await BENCHMARKS[name]()) {
    console.log(JSON.stringify(row));
    fresh.push({ bench: name, date, ...row });
  }
}
// A partial run replaces only its own benchmarks' rows; the others keep theirs (each row has its date).
const out = path.join(import.meta.dirname, "results", "latest.json");
type Stored = { results: Record<string, unknown>[] };
const previous: Stored = fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, "utf8")) : { results: [] };
const benchOf = (r: Record<string, unknown>) => String(r.bench ?? r.name);
const kept = previous.results
  .filter((r) => !ran.includes(benchOf(r)))
  .map((r) => ({ bench: benchOf(r), date: r.date ?? (previous as { date?: string }).date, ...r }));
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify({ date, machine, results: [...kept, ...fresh] }, null, 2) + "\n");
if (ran.includes("accuracy")) writeCurveChart();
