// Shared by the benchmarks: statistics, a seeded PRNG, and the real app on its own port and
// data folder (the same `npm start` a school runs), with the test clock so sessions are open.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createPrismaClient } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";

/** Deterministic PRNG (mulberry32) so every run measures the same data. */
export function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type BuiltAction = { filename: string; exportedName: string; workers: Record<string, unknown> };

/** The server actions of the current build (`.next`), by id, from Next's server-reference manifest. */
export function builtServerActions(): Record<string, BuiltAction> {
  return JSON.parse(fs.readFileSync(path.resolve(".next/server/server-reference-manifest.json"), "utf8")).node;
}

/** One server action of the current build: its id (the Next-Action header) and the pages that have it. */
export function serverAction(file: string, name: string): { id: string; workers: string[] } {
  const found = Object.entries(builtServerActions()).find(([, a]) => a.filename === file && a.exportedName === name);
  if (!found) throw new Error(`No server action ${name} in ${file} in this build.`);
  return { id: found[0], workers: Object.keys(found[1].workers) };
}

/** The q-quantile (0..1) of samples, nearest rank. */
export function quantile(samples: number[], q: number): number {
  if (samples.length === 0) return NaN;
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

export const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

export type RunningApp = {
  baseUrl: string;
  dataDir: string;
  db: PrismaClient;
  setClock(iso: string | null): void;
  /** SIGKILL to the whole process tree, as a crash or power-off of the app would do (not of the machine). */
  kill9(): Promise<void>;
  /** What the app printed (the current process), for errors. */
  log(): string;
  /** Starts the app again on the same data folder and port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
};

function spawnApp(port: number, dataDir: string, extraEnv: Record<string, string>) {
  const child: ChildProcess = spawn("npm", ["start"], {
    env: { ...process.env, PORT: String(port), ROLLCALL_DATA_DIR: dataDir, ROLLCALL_TIMEZONE: "UTC", ROLLCALL_TEST_CLOCK: "1", ROLLCALL_ADMIN_EMAIL: "admin@bench.test", ROLLCALL_ADMIN_PASSWORD: "bench-admin-password", ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const out = { child, log: "" };
  child.stdout!.on("data", (d) => (out.log += d));
  child.stderr!.on("data", (d) => (out.log += d));
  return out;
}

async function waitUntilUp(baseUrl: string, app: { child: ChildProcess; log: string }) {
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (app.child.exitCode !== null) throw new Error(`The app exited while starting:\n${app.log.slice(-3000)}`);
    if (Date.now() > deadline) throw new Error(`The app did not start in 5 minutes:\n${app.log.slice(-3000)}`);
    try {
      if ((await fetch(`${baseUrl}/login`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}

const exited = (child: ChildProcess) => new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once("exit", r)));

/** `npm start` on a fresh data folder; resolves once /login answers. */
export async function startApp(port: number, extraEnv: Record<string, string> = {}): Promise<RunningApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-bench-"));
  const baseUrl = `http://127.0.0.1:${port}`;
  let app = spawnApp(port, dataDir, extraEnv);
  await waitUntilUp(baseUrl, app);
  const db = createPrismaClient(`file:${path.join(dataDir, "rollcall.db")}`);
  const signal = async (sig: NodeJS.Signals) => {
    try {
      process.kill(-app.child.pid!, sig);
    } catch {
      // gone already
    }
    await exited(app.child);
  };
  return {
    baseUrl,
    dataDir,
    db,
    setClock(iso) {
      const file = path.join(dataDir, "test-clock.json");
      if (iso === null) fs.rmSync(file, { force: true });
      else fs.writeFileSync(file, JSON.stringify({ now: iso }));
    },
    kill9: () => signal("SIGKILL"),
    log: () => app.log,
    async restart() {
      app = spawnApp(port, dataDir, extraEnv);
      await waitUntilUp(baseUrl, app);
    },
    async stop() {
      await db.$disconnect();
      await signal("SIGTERM");
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
