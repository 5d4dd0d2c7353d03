import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDb } from "./helpers";
import { checkSignIn, createUser, ensureFirstAdmin, UserInputError } from "@/lib/staff";
import { THROTTLE_RULES } from "@/lib/auth/throttle";

let ctx: Awaited<ReturnType<typeof freshDb>>;
beforeAll(async () => {
  ctx = await freshDb();
});
afterAll(() => ctx.cleanup());

describe("first admin", () => {
  it("is created once, from the environment when given", async () => {
    const made = await ensureFirstAdmin(ctx.db, { ROLLCALL_ADMIN_EMAIL: "Head@School.test", ROLLCALL_ADMIN_PASSWORD: "a-long-password" });
    expect(made).toEqual({ email: "Head@School.test", password: "a-long-password", generated: false });
    const admin = await ctx.db.user.findUniqueOrThrow({ where: { email: "head@school.test" } });
    expect(admin.role).toBe("ADMIN");
    expect(admin.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await ensureFirstAdmin(ctx.db, {})).toBeNull();
    const audit = await ctx.db.auditLog.findFirstOrThrow({ where: { targetId: admin.id } });
    expect(audit).toMatchObject({ action: "user.create", actorLabel: "system" });
  });
});

describe("createUser", () => {
  it("refuses bad input and duplicates with clear messages and writes nothing", async () => {
    const before = await ctx.db.user.count();
    await expect(createUser(ctx.db, { email: "nope", name: "", role: "TEACHER", password: "x" }, { label: "test" })).rejects.toThrow(
      /valid email.*name.*at least 10/,
    );
    await expect(
      createUser(ctx.db, { email: "head@school.test", name: "Dup", role: "TEACHER", password: "another-password" }, { label: "test" }),
    ).rejects.toBeInstanceOf(UserInputError);
    expect(await ctx.db.user.count()).toBe(before);
  });
});

describe("checkSignIn", () => {
  it("accepts the right password, case-insensitive email, and refuses a wrong one", async () => {
    await createUser(ctx.db, { email: "t@school.test", name: "T", role: "TEACHER", password: "teacher-pass-1" }, { label: "test" });
    const ok = await checkSignIn(ctx.db, { email: " T@School.test ", password: "teacher-pass-1" }, "10.0.0.1");
    expect(ok).toMatchObject({ ok: true, user: { email: "t@school.test", role: "TEACHER" } });
    expect(await checkSignIn(ctx.db, { email: "t@school.test", password: "wrong" }, "10.0.0.1")).toEqual({ ok: false, reason: "invalid" });
    expect(await checkSignIn(ctx.db, { email: 42, password: null }, null)).toEqual({ ok: false, reason: "invalid" });
  });

  it("locks an account after repeated failures, even for the right password, and unlocks later", async () => {
    await createUser(ctx.db, { email: "v@school.test", name: "V", role: "TEACHER", password: "victim-pass-1" }, { label: "test" });
    const t0 = new Date("2026-01-05T08:00:00Z");
    for (let i = 0; i < THROTTLE_RULES.email.maxFailures; i++) {
      expect((await checkSignIn(ctx.db, { email: "v@school.test", password: "guess" + i }, null, t0)).ok).toBe(false);
    }
    const locked = await checkSignIn(ctx.db, { email: "v@school.test", password: "victim-pass-1" }, null, t0);
    expect(locked).toMatchObject({ ok: false, reason: "throttled" });
    const later = new Date(t0.getTime() + THROTTLE_RULES.email.lockMs + 1000);
    expect((await checkSignIn(ctx.db, { email: "v@school.test", password: "victim-pass-1" }, null, later)).ok).toBe(true);
  });

  it("locks an address that tries many accounts", async () => {
    const t0 = new Date("2026-01-06T08:00:00Z");
    for (let i = 0; i < THROTTLE_RULES.ip.maxFailures; i++) {
      await checkSignIn(ctx.db, { email: `spray${i}@school.test`, password: "guess" }, "203.0.113.9", t0);
    }
    const r = await checkSignIn(ctx.db, { email: "t@school.test", password: "teacher-pass-1" }, "203.0.113.9", t0);
    expect(r).toMatchObject({ ok: false, reason: "throttled" });
    // Another address is not affected.
    expect((await checkSignIn(ctx.db, { email: "t@school.test", password: "teacher-pass-1" }, "203.0.113.10", t0)).ok).toBe(true);
  });
});
