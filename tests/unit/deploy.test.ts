// The deployment files and the health check: the real tools judge the files (Caddy parses the
// Caddyfile, systemd verifies the units); the health check runs against real SQLite databases.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db";
import { checkHealth } from "@/lib/health";
import { MODEL_FILES } from "@/lib/face/models";
import { freshDb } from "./helpers";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-deploy-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("deploy/", () => {
  it("the Caddyfile passes caddy validate, for a LAN name and for a public one", () => {
    for (const tls of ["internal", "it@myschool.example"]) {
      const r = spawnSync("caddy", ["validate", "--config", "deploy/Caddyfile", "--adapter", "caddyfile"], {
        encoding: "utf8",
        env: {
          ...process.env,
          HOME: tmp,
          XDG_DATA_HOME: tmp,
          XDG_CONFIG_HOME: tmp,
          ROLLCALL_HOST: "rollcall.myschool.lan",
          ROLLCALL_TLS: tls,
          ROLLCALL_UPSTREAMS: "127.0.0.1:3001 127.0.0.1:3002",
        },
      });
      expect(r.error).toBeUndefined(); // caddy is installed (.ci/run installs it)
      expect(r.stdout + r.stderr).toContain("Valid configuration");
      expect(r.status).toBe(0);
    }
  });

  it("the service, backup service and timer pass systemd-analyze verify", () => {
    const r = spawnSync(
      "systemd-analyze",
      ["verify", "deploy/rollcall.service", "deploy/rollcall-backup.service", "deploy/rollcall-backup.timer"],
      { encoding: "utf8" },
    );
    expect(r.error).toBeUndefined();
    expect(r.stderr.trim()).toBe("");
    expect(r.status).toBe(0);
  });

  it("systemd-analyze verify does catch a broken unit (the check above is not vacuous)", () => {
    const broken = path.join(tmp, "broken.service");
    fs.writeFileSync(broken, fs.readFileSync("deploy/rollcall.service", "utf8").replace("Restart=on-failure", "Restart=sometimes"));
    const r = spawnSync("systemd-analyze", ["verify", broken], { encoding: "utf8" });
    expect(r.stderr).toMatch(/restart specifier/);
  });
});

describe("an update", () => {
  it("whose migrations meet a database another process holds says so plainly", async () => {
    const dir = path.join(tmp, "locked");
    fs.mkdirSync(dir);
    const holder = new Database(path.join(dir, "rollcall.db"));
    holder.pragma("journal_mode = WAL");
    holder.exec("CREATE TABLE held (a); BEGIN IMMEDIATE; INSERT INTO held VALUES (1);");
    const saved = process.env.ROLLCALL_DATA_DIR;
    process.env.ROLLCALL_DATA_DIR = dir;
    try {
      const { setup } = await import("@/server/setup");
      await expect(setup()).rejects.toThrow(
        /Could not apply the database migrations\. The database stayed locked: is another Rollcall still running/,
      );
    } finally {
      process.env.ROLLCALL_DATA_DIR = saved;
      holder.exec("ROLLBACK");
      holder.close();
    }
  }, 30_000);
});

describe("health check", () => {
  it("is ok on a migrated database with the models in place", async () => {
    const ctx = await freshDb();
    try {
      expect(await checkHealth(ctx.db)).toEqual({ ok: true, checks: { database: "ok", migrations: "ok", models: "ok" } });
    } finally {
      await ctx.cleanup();
    }
  });

  it("reports pending migrations, missing models and an unreachable database", async () => {
    const empty = createPrismaClient(`file:${path.join(tmp, "new.db")}`);
    expect(await checkHealth(empty)).toEqual({ ok: false, checks: { database: "ok", migrations: "pending", models: "ok" } });
    await empty.$disconnect();

    const ctx = await freshDb();
    const publicDir = path.join(tmp, "public");
    for (const file of MODEL_FILES.slice(1)) {
      fs.mkdirSync(path.dirname(path.join(publicDir, file)), { recursive: true });
      fs.writeFileSync(path.join(publicDir, file), "");
    }
    try {
      expect((await checkHealth(ctx.db, { public: publicDir })).checks.models).toBe("missing");
      fs.writeFileSync(path.join(publicDir, MODEL_FILES[0]), "");
      expect((await checkHealth(ctx.db, { public: publicDir })).ok).toBe(true);
      // A migration of a newer version on disk, not yet applied to this database.
      const migrations = path.join(tmp, "migrations");
      fs.cpSync("prisma/migrations", migrations, { recursive: true });
      fs.mkdirSync(path.join(migrations, "29990101000000_newer"));
      fs.writeFileSync(path.join(migrations, "29990101000000_newer", "migration.sql"), "SELECT 1;");
      expect((await checkHealth(ctx.db, { migrations })).checks.migrations).toBe("pending");
    } finally {
      await ctx.cleanup();
    }

    const gone = createPrismaClient(`file:${path.join(tmp, "no-such-dir", "x.db")}`);
    expect((await checkHealth(gone)).checks).toMatchObject({ database: "unreachable", migrations: "unknown" });
    await gone.$disconnect();
  });
});
