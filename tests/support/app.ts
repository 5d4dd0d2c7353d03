// The real app on its own port and data folder (the same `npm start` a school runs), with the
// test clock so sessions are open: for the load test and the benchmarks. On SQLite by default;
// given a PostgreSQL URL, several instances can share one database and one data folder (the
// secrets and the test clock), as several app servers behind one proxy would.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createPrismaClient } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";

export type RunningApp = {
  baseUrl: string;
  dataDir: string;
  db: PrismaClient;
  /** The server's test clock, and the side of every head-turn challenge if given (lib/clock.ts). */
  setClock(iso: string | null, hooks?: { livenessSide?: "left" | "right" }): void;
  /** SIGKILL to the whole process tree, as a crash or power-off of the app would do (not of the machine). */
  kill9(): Promise<void>;
  /** What the app printed (the current process), for errors. */
  log(): string;
  /** The process id of `npm start` (the app's processes are its descendants). */
  pid(): number;
  /** Starts the app again on the same data folder and port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
};

function spawnApp(port: number, dataDir: string, extraEnv: Record<string, string>) {
  const child: ChildProcess = spawn("npm", ["start"], {
    env: {
      ...process.env,
      PORT: String(port),
      ROLLCALL_DATA_DIR: dataDir,
      ROLLCALL_TIMEZONE: "UTC",
      ROLLCALL_TEST_CLOCK: "1",
      ROLLCALL_ADMIN_EMAIL: "admin@bench.test",
      ROLLCALL_ADMIN_PASSWORD: "bench-admin-password",
      ...extraEnv,
    },
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

const exited = (child: ChildProcess) =>
  new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once("exit", r)));

export type AppOptions = {
  /** PostgreSQL (postgresql://…); SQLite in the data folder when absent. */
  databaseUrl?: string;
  /** Another instance's data folder, shared (it stays when this instance stops). */
  dataDir?: string;
};

/** `npm start` on a fresh data folder; resolves once /login answers. */
export async function startApp(port: number, extraEnv: Record<string, string> = {}, options: AppOptions = {}): Promise<RunningApp> {
  const ownsDataDir = !options.dataDir;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-bench-"));
  const baseUrl = `http://127.0.0.1:${port}`;
  if (options.databaseUrl) extraEnv = { DATABASE_URL: options.databaseUrl, ...extraEnv };
  let app = spawnApp(port, dataDir, extraEnv);
  await waitUntilUp(baseUrl, app);
  const db = createPrismaClient(options.databaseUrl ?? `file:${path.join(dataDir, "rollcall.db")}`);
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
    setClock(iso, hooks = {}) {
      const file = path.join(dataDir, "test-clock.json");
      if (iso === null) fs.rmSync(file, { force: true });
      else fs.writeFileSync(file, JSON.stringify({ now: iso, ...hooks }));
    },
    kill9: () => signal("SIGKILL"),
    log: () => app.log,
    pid: () => app.child.pid!,
    async restart() {
      app = spawnApp(port, dataDir, extraEnv);
      await waitUntilUp(baseUrl, app);
    },
    async stop() {
      await db.$disconnect();
      await signal("SIGTERM");
      if (ownsDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
