import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { applyMigrations, lastPostgresSnapshot, pendingPostgresSql, pendingSchemaSql, SCHEMA_FILE } from "@/lib/db/migrate";
import { migrationNames } from "@/lib/db/migrations";
import { MIGRATION_DIRS, postgresSchema, SCHEMA_FILES } from "@/lib/db/provider";

describe("migrations (wasm schema engine, no download)", () => {
  it("the committed migrations build exactly prisma/schema.prisma (replayed on a shadow database)", async () => {
    expect(await pendingSchemaSql()).toBe("");
    // And a schema change the migrations lack is found, as SQL for the next migration.
    const changed = fs.readFileSync(SCHEMA_FILE, "utf8").replace(/model Student \{/, "model Student {\n  nickname String?");
    expect(await pendingSchemaSql(changed)).toMatch(/nickname/);
  }, 30_000);

  it("apply to a new database once, then find nothing to do", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-migrate-"));
    const url = `file:${path.join(dir, "m.db")}`;
    const first = await applyMigrations(url);
    expect(first.length).toBeGreaterThan(0);
    expect(await applyMigrations(url)).toEqual([]);
    const sqlite = new Database(path.join(dir, "m.db"), { readonly: true });
    const tables = sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type='table'")
      .all()
      .map((r) => (r as { name: string }).name);
    const triggers = sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type='trigger'")
      .all()
      .map((r) => (r as { name: string }).name);
    sqlite.close();
    // The check-in gallery cache relies on these (a table redefinition in a later migration would drop them).
    for (const table of ["FaceTemplate", "Enrollment", "Student"])
      for (const op of ["insert", "update", "delete"]) expect(triggers).toContain(`${table}_gallery_${op}`);
    expect(triggers).toContain("Class_gallery_update");
    expect(tables).toEqual(
      expect.arrayContaining(["User", "Student", "Class", "FaceTemplate", "AttendanceRecord", "AuditLog", "_prisma_migrations"]),
    );
    fs.rmSync(dir, { recursive: true });
  });

  it("the PostgreSQL schema and migrations are generated from prisma/schema.prisma and have not drifted", async () => {
    const source = fs.readFileSync(SCHEMA_FILE, "utf8");
    // The committed PostgreSQL schema is exactly what the source generates...
    expect(fs.readFileSync(SCHEMA_FILES.postgresql, "utf8")).toBe(postgresSchema(source));
    // ...its newest migration was made from it (nothing pending)...
    expect(lastPostgresSnapshot()).toBe(postgresSchema(source));
    expect(await pendingPostgresSql()).toBe("");
    // ...and a change to the source is a pending PostgreSQL migration too.
    const changed = source.replace(/model Student \{/, "model Student {\n  nickname String?");
    expect(await pendingPostgresSql(postgresSchema(changed))).toMatch(/ALTER TABLE "Student" ADD COLUMN\s+"nickname" TEXT/);
    // Every schema change since PostgreSQL's baseline has a migration of the same name for both.
    const pg = migrationNames(MIGRATION_DIRS.postgresql);
    const sqlite = migrationNames(MIGRATION_DIRS.sqlite);
    expect(pg[0]).toMatch(/_postgresql_baseline$/);
    expect(pg.slice(1)).toEqual(sqlite.filter((name) => name > pg[0]));
  }, 30_000);
});
