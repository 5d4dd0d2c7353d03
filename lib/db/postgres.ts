// PostgreSQL specifics in one place: finding the client tools and the backup through pg_dump.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { databaseUrl } from "@/lib/config";

/** One plain connection to `url` for `work`, closed after (outside Prisma: migrations, admin). */
export async function withPgClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * pg_dump to use: ROLLCALL_PG_DUMP, else the newest of Debian's /usr/lib/postgresql/<v>/bin,
 * else the PATH's. It must be at least the server's major version (pg_dump refuses older).
 */
export function pgDumpPath(): string {
  if (process.env.ROLLCALL_PG_DUMP) return process.env.ROLLCALL_PG_DUMP;
  const base = "/usr/lib/postgresql";
  const versions = fs.existsSync(base)
    ? fs
        .readdirSync(base)
        .filter((v) => fs.existsSync(path.join(base, v, "bin", "pg_dump")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return versions.length ? path.join(base, versions[0], "bin", "pg_dump") : "pg_dump";
}

/**
 * libpq's environment for a postgresql:// URL: the password stays out of the command line,
 * where any user of the machine could read it in `ps`.
 */
export function libpqEnv(url: string): Record<string, string> {
  const u = new URL(url);
  const env: Record<string, string> = { PGDATABASE: decodeURIComponent(u.pathname.slice(1)) || "postgres" };
  if (u.hostname) env.PGHOST = decodeURIComponent(u.hostname.replace(/^\[|\]$/g, ""));
  if (u.port) env.PGPORT = u.port;
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const host = u.searchParams.get("host");
  if (host) env.PGHOST = host; // a Unix socket folder: postgresql:///db?host=/var/run/postgresql
  const sslmode = u.searchParams.get("sslmode");
  if (sslmode) env.PGSSLMODE = sslmode;
  return env;
}

/**
 * A consistent copy of the database at one moment (pg_dump reads in one snapshot while the app
 * goes on), in pg_dump's custom format: `pg_restore --clean --if-exists -d <url> <file>` restores it.
 */
export async function backupPostgres(out: string, url = databaseUrl()): Promise<void> {
  const dump = pgDumpPath();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(dump, ["--format=custom", "--no-owner", "--no-privileges", `--file=${out}`], {
      env: { ...process.env, ...libpqEnv(url) },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.on("error", (e) =>
      reject(new Error(`Could not run ${dump} (${(e as Error).message}). Install PostgreSQL's client tools or set ROLLCALL_PG_DUMP.`)),
    );
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`pg_dump failed: ${err.trim() || `exit ${code}`}`))));
  });
}
