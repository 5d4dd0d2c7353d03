// Migrations through Prisma's own schema engine compiled to wasm
// (@prisma/schema-engine-wasm), so nothing is downloaded at install or run time:
// the Prisma CLI would fetch a native engine, which fails on closed school networks.
//
// Creating a migration diffs what the committed migrations build (replayed on an in-memory
// shadow database) against prisma/schema.prisma, as `prisma migrate dev` does: the migrations
// are the only record of the schema's history, with no snapshot beside them. Applying
// migrations writes Prisma's usual `_prisma_migrations` table and is idempotent.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm";
import { databaseUrl } from "@/lib/config";
import { sqlitePath } from "@/lib/db/sqlite";
import { APPLIED_MIGRATIONS_SQL, MIGRATIONS_DIR, migrationNames } from "@/lib/db/migrations";

const ROOT = process.cwd();
export const SCHEMA_FILE = path.join(ROOT, "prisma", "schema.prisma");
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
 * Runs `work` with a schema engine on `url`. The engine does not close its database
 * connections when freed (one left open keeps SQLite locked), so the connections it
 * opens are tracked and disposed here.
 */
async function withEngine<T>(url: string, schema: string, work: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const { SchemaEngine } = await loadEngineModule();
  if (url !== "file::memory:") fs.mkdirSync(path.dirname(sqlitePath(url)), { recursive: true });
  const inner = new PrismaBetterSqlite3({ url, timeout: 10_000 });
  const opened: SqlDriverAdapter[] = [];
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => {
      const adapter = await inner.connect();
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
function appliedMigrationNames(url: string): Set<string> {
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

function migrationList(dir = MIGRATIONS_DIR): MigrationList {
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
  // Loading the engine costs about a second: skip it when the database is up to date.
  const done = appliedMigrationNames(url);
  if (migrationNames().every((name) => done.has(name))) return [];
  return withEngine(url, fs.readFileSync(SCHEMA_FILE, "utf8"), async (engine) => {
    const result = await engine.applyMigrations({ migrationsList: migrationList(), filters: NO_FILTER });
    return result.appliedMigrationNames;
  });
}

/**
 * SQL that takes the database the committed migrations build to `schema` (by default
 * prisma/schema.prisma); "" when they agree. A change SQLite stores no differently (a new enum
 * value: enums are TEXT) gives "" as well: it needs no migration.
 */
export async function pendingSchemaSql(schema = fs.readFileSync(SCHEMA_FILE, "utf8")): Promise<string> {
  const hasMigrations = migrationNames().length > 0;
  return withEngine("file::memory:", schema, async (engine) => {
    const { stdout } = await engine.diff({
      from: hasMigrations ? { tag: "migrations", ...migrationList() } : { tag: "empty" },
      to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: schema }] },
      script: true,
      exitCode: null,
      filters: NO_FILTER,
    });
    const sql = (stdout ?? "").trim();
    return sql === "-- This is an empty migration." ? "" : sql;
  });
}

/** Write a new migration for the changes in prisma/schema.prisma. Returns its folder, or null when nothing changed. */
export async function createMigration(name: string): Promise<string | null> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error("Migration name: lower-case letters, digits and _ only");
  const sql = await pendingSchemaSql();
  if (!sql) return null;
  // The wall clock names the folder: migrations sort by when a developer wrote them.
  const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
  const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "migration.sql"), sql + "\n");
  const lock = path.join(MIGRATIONS_DIR, "migration_lock.toml");
  if (!fs.existsSync(lock)) fs.writeFileSync(lock, 'provider = "sqlite"\n');
  return dir;
}
