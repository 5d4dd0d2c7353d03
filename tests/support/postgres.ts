// A throwaway PostgreSQL cluster on 127.0.0.1 for tests and benchmarks: the real server from
// Debian's `postgresql` package (.ci/run installs it), never a mock. initdb refuses root, so as
// root the cluster belongs to the `postgres` user; otherwise to the current user.
import { execFileSync, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { applyMigrations } from "@/lib/db/migrate";
import { withPgClient } from "@/lib/db/postgres";

export type PostgresCluster = {
  /** The server's URL without a database name. */
  root: string;
  /** URL of a database on this cluster. */
  url(database: string): string;
  /** A new empty database; its URL. */
  createDatabase(name?: string): Promise<string>;
  /** A new database with every migration applied (a copy of a migrated template: fast). */
  migratedDatabase(name?: string): Promise<string>;
  dropDatabase(url: string): Promise<void>;
  stop(): void;
};

export function postgresBin(): string | null {
  const base = "/usr/lib/postgresql";
  if (!fs.existsSync(base)) return null;
  const versions = fs
    .readdirSync(base)
    .filter((v) => fs.existsSync(path.join(base, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(base, versions[0], "bin") : null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const asRoot = process.getuid?.() === 0;
function run(bin: string, args: string[]) {
  const [cmd, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
  const r = spawnSync(cmd, argv, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${path.basename(bin)} failed: ${r.stderr || r.stdout}`);
}

/** The server's own `postgres` database, where databases are created and dropped. */
const admin = <T>(root: string, work: (c: pg.Client) => Promise<T>) => withPgClient(`${root}/postgres`, work);

const newName = () => `t_${crypto.randomBytes(5).toString("hex")}`;
const TEMPLATE = "rollcall_template";

/** A new empty database on the server at `root`; its URL. */
export async function createDatabase(root: string, name = newName()): Promise<string> {
  await admin(root, (c) => c.query(`CREATE DATABASE "${name}"`));
  return `${root}/${name}`;
}

/**
 * A new database with every migration applied: a copy of a migrated template (about 0.1 s
 * instead of a migration run). The template is made by the first caller on this server.
 */
export async function migratedDatabase(root: string, name = newName()): Promise<string> {
  const exists = await admin(root, (c) => c.query("SELECT 1 FROM pg_database WHERE datname = $1", [TEMPLATE]));
  if (!exists.rowCount) {
    const building = `${TEMPLATE}_${crypto.randomBytes(3).toString("hex")}`;
    await applyMigrations(await createDatabase(root, building));
    // Renamed when complete, so a parallel caller never copies a half-migrated template.
    await admin(root, (c) => c.query(`ALTER DATABASE "${building}" RENAME TO "${TEMPLATE}"`)).catch(() =>
      dropDatabase(`${root}/${building}`),
    );
  }
  await admin(root, (c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE}"`));
  return `${root}/${name}`;
}

export async function dropDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  await admin(`${u.protocol}//${u.username}@${u.host}`, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** Starts a fresh cluster (initdb, trust authentication on 127.0.0.1 only); about 1 s. */
export async function startPostgres(options: { port?: number; maxConnections?: number } = {}): Promise<PostgresCluster> {
  const bin = postgresBin();
  if (!bin) throw new Error("PostgreSQL is not installed (apt-get install postgresql): .ci/run installs it.");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-pg-"));
  if (asRoot) execFileSync("chown", ["-R", "postgres:postgres", dir]);
  const data = path.join(dir, "data");
  const port = options.port ?? (await freePort());
  run(path.join(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "rollcall", "--no-sync", "-E", "UTF8", "--locale", "C"]);
  const settings = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-k ${dir}`,
    `-c max_connections=${options.maxConnections ?? 200}`,
    // A throwaway cluster need not survive a power cut of the machine; a crash of the app or of
    // PostgreSQL's own processes is still safe (commits are still written before they return).
    "-c fsync=off",
    "-c full_page_writes=off",
  ].join(" ");
  run(path.join(bin, "pg_ctl"), ["-D", data, "-o", settings, "-l", path.join(dir, "log"), "-w", "start"]);
  const root = `postgresql://rollcall@127.0.0.1:${port}`;
  return {
    root,
    url: (database) => `${root}/${database}`,
    createDatabase: (name) => createDatabase(root, name),
    migratedDatabase: (name) => migratedDatabase(root, name),
    dropDatabase,
    stop() {
      try {
        run(path.join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
