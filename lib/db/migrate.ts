// Migrations through Prisma's own schema engine compiled to wasm
// (@prisma/schema-engine-wasm), so nothing is downloaded at install or run time:
// the Prisma CLI would fetch a native engine, which fails on closed school networks.
//
// SQLite: creating a migration diffs what the committed migrations build (replayed on an
// in-memory shadow database) against prisma/schema.prisma, as `prisma migrate dev` does.
// PostgreSQL: the engine's shadow-database diff fails there, and a school's server may not let
// us create databases; so the same command also diffs the generated PostgreSQL schema as it was
// at the last migration (kept beside it, `schema.prisma`) against the new one, with no database
// at all. Applying migrations writes Prisma's usual `_prisma_migrations` table and is idempotent.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";
import type pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm";
import { databaseUrl } from "@/lib/config";
import { sqlitePath } from "@/lib/db/sqlite";
import { withPgClient } from "@/lib/db/postgres";
import { APPLIED_MIGRATIONS_SQL, migrationNames } from "@/lib/db/migrations";
import { MIGRATION_DIRS, postgresSchema, providerOf, SCHEMA_FILES, type Provider } from "@/lib/db/provider";

export const SCHEMA_FILE = SCHEMA_FILES.sqlite;
/** The generated PostgreSQL schema as of each migration, kept in the migration's folder. */
const SNAPSHOT = "schema.prisma";
const NO_FILTER = { externalTables: [], externalEnums: [] };

type EngineModule = typeof import("@prisma/schema-engine-wasm");

let engineModule: Promise<EngineModule> | undefined;

/** wasm-bindgen's bundler output imports the .wasm as an ES module, which Node cannot; instantiate it by hand. */
function loadEngineModule(): Promise<EngineModule> {
  engineModule ??= (async () => {
    const bg = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as unknown as EngineModule & {
      __wbg_set_wasm(exports: WebAssembly.Exports): void;
    };
    const require = createRequire(import.meta.url);
    const wasmFile = path.join(path.dirname(require.resolve("@prisma/schema-engine-wasm")), "schema_engine_bg.wasm");
    const { instance } = await WebAssembly.instantiate(fs.readFileSync(wasmFile), { "./schema_engine_bg.js": bg as never });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as (() => void) | undefined)?.();
    return bg;
  })();
  return engineModule;
}

/**
 * The engine replays each migration on the shadow database with one executeRaw of the whole
 * file; better-sqlite3 prepares one statement at a time and refuses that ("more than one
 * statement", or "no statements" for a file of comments). Such a script runs through exec instead.
 */
function scriptTolerant(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    try {
      return await executeRaw(query);
    } catch (e) {
      if (query.args.length || !/more than one statement|contains no statements/i.test(String((e as Error)?.message))) throw e;
      await adapter.executeScript(query.sql);
      return 0;
    }
  };
  return adapter;
}

/**
 * PrismaPg runs a script by splitting it at every ";", which breaks a function body (the
 * gallery-version trigger). PostgreSQL's simple query protocol takes a whole script in one
 * call, as psql sends it; the adapter's pool is reached through its (untyped) `client`.
 */
function wholeScript(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const pool = (adapter as unknown as { client: pg.Pool | pg.PoolClient }).client;
  adapter.executeScript = async (script) => {
    await pool.query(script);
  };
  return adapter;
}

/**
 * Runs `work` with a schema engine on `url`. The engine does not close its database
 * connections when freed (one left open keeps SQLite locked), so the connections it
 * opens are tracked and disposed here.
 */
async function withEngine<T>(url: string, schema: string, work: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const { SchemaEngine } = await loadEngineModule();
  const postgres = providerOf(url) === "postgresql";
  if (!postgres && url !== "file::memory:") fs.mkdirSync(path.dirname(sqlitePath(url)), { recursive: true });
  const inner = postgres ? new PrismaPg({ connectionString: url, max: 1 }) : new PrismaBetterSqlite3({ url, timeout: 10_000 });
  const opened: SqlDriverAdapter[] = [];
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => {
      const connected = await inner.connect();
      const adapter = postgres ? wholeScript(connected) : connected;
      opened.push(adapter);
      return adapter;
    },
    connectToShadowDb: async () => {
      const adapter = scriptTolerant(await inner.connectToShadowDb());
      opened.push(adapter);
      return adapter;
    },
  };
  const engine = await SchemaEngine.new(
    { datamodels: [["schema.prisma", schema]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  try {
    return await work(engine);
  } finally {
    engine.free();
    await Promise.all(opened.map((a) => a.dispose()));
  }
}

/** Names of the migrations recorded as finished in the database (none if it is new). */
async function appliedMigrationNames(url: string): Promise<Set<string>> {
  if (providerOf(url) === "postgresql")
    return withPgClient(url, async (client) => {
      const { rows } = await client.query<{ t: string | null }>("SELECT to_regclass('_prisma_migrations')::text AS t");
      if (!rows[0].t) return new Set<string>();
      return new Set((await client.query<{ migration_name: string }>(APPLIED_MIGRATIONS_SQL)).rows.map((r) => r.migration_name));
    });
  const file = sqlitePath(url);
  if (!fs.existsSync(file)) return new Set();
  const sqlite = new Database(file, { readonly: true, timeout: 10_000 });
  try {
    const table = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!table) return new Set();
    const rows = sqlite.prepare(APPLIED_MIGRATIONS_SQL).all() as { migration_name: string }[];
    return new Set(rows.map((r) => r.migration_name));
  } finally {
    sqlite.close();
  }
}

function migrationList(dir: string): MigrationList {
  const lockPath = path.join(dir, "migration_lock.toml");
  return {
    baseDir: dir,
    lockfile: { path: "migration_lock.toml", content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: migrationNames(dir).map((name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok", value: fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8") },
      },
    })),
  };
}

/** Apply every migration not yet applied; returns the names applied now. */
export async function applyMigrations(url = databaseUrl()): Promise<string[]> {
  const provider = providerOf(url);
  // Loading the engine costs about a second: skip it when the database is up to date.
  const done = await appliedMigrationNames(url);
  if (migrationNames(MIGRATION_DIRS[provider]).every((name) => done.has(name))) return [];
  return withEngine(url, fs.readFileSync(SCHEMA_FILES[provider], "utf8"), async (engine) => {
    const result = await engine.applyMigrations({ migrationsList: migrationList(MIGRATION_DIRS[provider]), filters: NO_FILTER });
    return result.appliedMigrationNames;
  });
}

/**
 * SQL that takes the database the committed migrations build to `schema` (by default
 * prisma/schema.prisma); "" when they agree. A change SQLite stores no differently (a new enum
 * value: enums are TEXT) gives "" as well: it needs no migration.
 */
export async function pendingSchemaSql(schema = fs.readFileSync(SCHEMA_FILE, "utf8")): Promise<string> {
  const hasMigrations = migrationNames(MIGRATION_DIRS.sqlite).length > 0;
  return withEngine("file::memory:", schema, async (engine) => {
    const { stdout } = await engine.diff({
      from: hasMigrations ? { tag: "migrations", ...migrationList(MIGRATION_DIRS.sqlite) } : { tag: "empty" },
      to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: schema }] },
      script: true,
      exitCode: null,
      filters: NO_FILTER,
    });
    const sql = (stdout ?? "").trim();
    return sql === "-- This is an empty migration." ? "" : sql;
  });
}

/** The generated PostgreSQL schema as of the newest PostgreSQL migration ("" before the first). */
export function lastPostgresSnapshot(dir = MIGRATION_DIRS.postgresql): string {
  const last = migrationNames(dir).at(-1);
  return last ? fs.readFileSync(path.join(dir, last, SNAPSHOT), "utf8") : "";
}

/**
 * SQL that takes a PostgreSQL database from the schema of the newest PostgreSQL migration to
 * `schema` (by default the one generated from prisma/schema.prisma); "" when they agree.
 */
export async function pendingPostgresSql(schema = postgresSchema(fs.readFileSync(SCHEMA_FILE, "utf8"))): Promise<string> {
  const before = lastPostgresSnapshot();
  // Any engine diffs two PostgreSQL schema files: SQLite in memory, so no server is needed.
  return withEngine("file::memory:", schema, async (engine) => {
    const { stdout } = await engine.diff({
      from: before ? { tag: "schemaDatamodel", files: [{ path: SNAPSHOT, content: before }] } : { tag: "empty" },
      to: { tag: "schemaDatamodel", files: [{ path: SNAPSHOT, content: schema }] },
      script: true,
      exitCode: null,
      filters: NO_FILTER,
    });
    const sql = (stdout ?? "").trim();
    return sql === "-- This is an empty migration." ? "" : sql;
  });
}

function writeMigration(provider: Provider, folder: string, sql: string, snapshot?: string): string {
  const dir = path.join(MIGRATION_DIRS[provider], folder);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "migration.sql"), sql + "\n");
  if (snapshot !== undefined) fs.writeFileSync(path.join(dir, SNAPSHOT), snapshot);
  const lock = path.join(MIGRATION_DIRS[provider], "migration_lock.toml");
  if (!fs.existsSync(lock)) fs.writeFileSync(lock, `provider = "${provider}"\n`);
  return dir;
}

/**
 * Writes a migration for the changes in prisma/schema.prisma, one folder of the same name per
 * provider, and regenerates prisma/postgresql/schema.prisma. Returns the folders, or [] when
 * nothing changed. Hand-written SQL (triggers) goes into both files by hand.
 */
export async function createMigration(name: string): Promise<string[]> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error("Migration name: lower-case letters, digits and _ only");
  const pg = postgresSchema(fs.readFileSync(SCHEMA_FILE, "utf8"));
  const [sqliteSql, pgSql] = [await pendingSchemaSql(), await pendingPostgresSql(pg)];
  fs.mkdirSync(path.dirname(SCHEMA_FILES.postgresql), { recursive: true });
  fs.writeFileSync(SCHEMA_FILES.postgresql, pg);
  // The wall clock names the folder: migrations sort by when a developer wrote them.
  const folder = `${new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14)}_${name}`;
  const dirs: string[] = [];
  if (sqliteSql) dirs.push(writeMigration("sqlite", folder, sqliteSql));
  if (pgSql) dirs.push(writeMigration("postgresql", folder, pgSql, pg));
  return dirs;
}
