// What only PostgreSQL has to prove (`npm run test:unit:pg`, a real throwaway cluster): the
// triggers the check-in caches rely on, the shared state that lets several app instances run
// on one database (job slots, rate limits), search that ignores case, and the pg_dump backup.
// The rest of the unit tests run on PostgreSQL as well through freshDb().
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient, providerOfClient } from "@/lib/db";
import { libpqEnv } from "@/lib/db/postgres";
import { claimSlot, runJob } from "@/server/scheduler";
import { RateLimiter } from "@/lib/rate-limit";
import { listStudents } from "@/lib/data/students";
import { createDatabase, dropDatabase, postgresBin } from "../support/postgres";
import { freshDb, onPostgres } from "./helpers";

describe.skipIf(!onPostgres)("on PostgreSQL", () => {
  let ctx: Awaited<ReturnType<typeof freshDb>>;
  beforeEach(async () => {
    ctx = await freshDb();
  });
  afterEach(() => ctx.cleanup());

  it("runs on the PostgreSQL client", () => {
    expect(providerOfClient(ctx.db)).toBe("postgresql");
  });

  it("bumps the gallery version on every change a class gallery is built from", async () => {
    const { db } = ctx;
    const version = async () => (await db.galleryVersion.findUniqueOrThrow({ where: { id: 1 } })).version;
    let last = await version();
    const bumped = async (what: string, write: () => Promise<unknown>) => {
      await write();
      const now = await version();
      expect(now, what).toBeGreaterThan(last);
      last = now;
    };
    await bumped("student insert", () => db.student.create({ data: { id: "s1", identifier: "A1", givenName: "Ada", familyName: "L" } }));
    await bumped("class update", async () => {
      const c = await db.class.create({ data: { code: "C1", title: "One" } });
      await db.class.update({ where: { id: c.id }, data: { title: "Uno" } });
    });
    const klass = await db.class.findUniqueOrThrow({ where: { code: "C1" } });
    await bumped("enrollment insert", () => db.enrollment.create({ data: { classId: klass.id, studentId: "s1" } }));
    await bumped("template insert", () =>
      db.faceTemplate.create({ data: { studentId: "s1", descriptor: new Uint8Array(512), modelId: "m" } }),
    );
    await bumped("template delete", () => db.faceTemplate.deleteMany({ where: { studentId: "s1" } }));
    await bumped("enrollment delete", () => db.enrollment.deleteMany({}));
    await bumped("student update", () => db.student.update({ where: { id: "s1" }, data: { givenName: "Ada B" } }));
  });

  it("lets exactly one of several instances claim a job's slot, and records the run", async () => {
    const others = [createPrismaClient(ctx.url), createPrismaClient(ctx.url)];
    try {
      const slot = new Date("2026-11-30T08:01:00Z");
      const claims = await Promise.all([ctx.db, ...others].map((db, i) => claimSlot(db, "close-sessions", slot, `app-${i}`)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      // Two instances' timers firing in the same minute: one runs the job, the other skips it.
      let ran = 0;
      const work = async () => ({ n: ++ran });
      const outcomes = await Promise.all(others.map((db) => runJob("test-job", 60_000, work, db)));
      expect(outcomes.sort()).toEqual(["ran", "skipped"]);
      expect(ran).toBe(1);
      const [row] = await ctx.db.jobRun.findMany({ where: { job: "test-job" } });
      expect(row.finishedAt).not.toBeNull();
      expect(JSON.parse(row.result!)).toMatchObject({ job: "test-job", n: 1 });
    } finally {
      await Promise.all(others.map((db) => db.$disconnect()));
    }
  });

  it("holds one kiosk to one rate limit however its calls are spread over instances", async () => {
    const other = createPrismaClient(ctx.url);
    try {
      // Two instances: each has its own limiter object and database connections.
      const [a, b] = [new RateLimiter("kiosk", 20, 5), new RateLimiter("kiosk", 20, 5)];
      const t = Date.parse("2026-11-30T08:00:00Z");
      const takes = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a.take(ctx.db, "k1", t) : b.take(other, "k1", t))));
      expect(takes.filter(Boolean)).toHaveLength(20);
      // A second later, five more (5 a second), on either instance; another kiosk has its own.
      const later = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).take(i % 2 ? ctx.db : other, "k1", t + 1000)));
      expect(later.filter(Boolean)).toHaveLength(5);
      expect(await a.take(ctx.db, "k2", t + 1000)).toBe(true);
    } finally {
      await other.$disconnect();
    }
  });

  it("finds students whatever the case of the search, as SQLite does", async () => {
    await ctx.db.student.create({ data: { identifier: "S-17", givenName: "Ada", familyName: "Lovelace" } });
    expect((await listStudents(ctx.db, { q: "ada" })).total).toBe(1);
    expect((await listStudents(ctx.db, { q: "LOVE" })).total).toBe(1);
    expect((await listStudents(ctx.db, { q: "s-17" })).total).toBe(1);
  });

  it("backs up with pg_dump while in use, and the copy restores with pg_restore", async () => {
    await ctx.db.student.create({ data: { identifier: "B-1", givenName: "Grace", familyName: "Hopper" } });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-pgbackup-"));
    const file = path.join(dir, "copy.dump");
    const cli = spawnSync(process.execPath, ["--import", "tsx", "cli/index.ts", "backup", file], {
      env: { ...process.env, DATABASE_URL: ctx.url, ROLLCALL_DATA_DIR: dir },
      encoding: "utf8",
    });
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(/^Backed up to .*copy\.dump/);
    const target = await createDatabase(process.env.ROLLCALL_TEST_PG_ROOT!);
    try {
      const restore = spawnSync(
        path.join(postgresBin()!, "pg_restore"),
        ["--no-owner", "--exit-on-error", "--dbname", libpqEnv(target).PGDATABASE, file],
        {
          env: { ...process.env, ...libpqEnv(target) },
          encoding: "utf8",
        },
      );
      expect(restore.stderr).toBe("");
      const copy = createPrismaClient(target);
      expect(await copy.student.findMany({ select: { givenName: true } })).toEqual([{ givenName: "Grace" }]);
      expect((await copy.galleryVersion.findUniqueOrThrow({ where: { id: 1 } })).version).toBeGreaterThan(0);
      await copy.$disconnect();
    } finally {
      await dropDatabase(target);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
