// `npm run bench [-- <name>...]`: runs the benchmarks, prints one JSON object per line
// and writes them to bench/results/latest.json. Benchmarks report; they never fail CI.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { benchAccuracy } from "./accuracy";
import { benchCheckin } from "./checkin";
import { benchEnroll } from "./enroll";
import { benchKiosk } from "./kiosk";
import { benchMatch } from "./match";

const BENCHMARKS: Record<string, () => Promise<Record<string, unknown>[]>> = {
  kiosk: benchKiosk,
  match: benchMatch,
  checkin: benchCheckin,
  enroll: benchEnroll,
  accuracy: benchAccuracy,
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !BENCHMARKS[w]);
if (unknown.length) {
  console.error(`Unknown benchmark(s): ${unknown.join(", ")}. Available: ${Object.keys(BENCHMARKS).join(", ")}`);
  process.exit(2);
}
const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memory_gb: Math.round(os.totalmem() / 2 ** 30), node: process.version };
const all: Record<string, unknown>[] = [];
for (const name of wanted.length ? wanted : Object.keys(BENCHMARKS)) {
  for (const row of await BENCHMARKS[name]()) {
    console.log(JSON.stringify(row));
    all.push(row);
  }
}
const out = path.join(import.meta.dirname, "results", "latest.json");
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), machine, results: all }, null, 2) + "\n");
