import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDb } from "./helpers";
import { checkSignIn, createUser, ensureFirstAdmin, UserInputError } from "@/lib/staff";
import { THROTTLE_RULES } from "@/lib/auth/throttle";
import { checkInvite, createInvite, redeemInvite } from "@/lib/staff/invites";

let ctx: Awaited<ReturnType<typeof freshDb>>;
beforeAll(async () => {
  ctx = await freshDb();
});
afterAll(() => ctx.cleanup());

/** An invite that must be made. */
async function invited(...args: Parameters<typeof createInvite>) {
  const made = await createInvite(...args);
  if (!made.ok) throw new Error(made.message);
  return made;
}

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

describe("invite links", () => {
  const AT = new Date("2026-11-30T08:00:00Z");
  const admin = { label: "admin@school.test" };
  const later = (hours: number) => new Date(AT.getTime() + hours * 3600_000);

  it("set the teacher's own password once, within 72 hours; a new link replaces the old one", async () => {
    const db = ctx.db;
    const imported = await db.user.create({ data: { email: "new@school.test", name: "New Teacher", role: "TEACHER", passwordHash: "!" } });
    const first = await invited(db, imported.id, admin, AT);
    const second = await invited(db, imported.id, admin, later(1));
    expect(await checkInvite(db, first.token, later(2))).toMatchObject({ ok: false, reason: "invalid" }); // replaced
    expect(await checkInvite(db, second.token, later(2))).toEqual({ ok: true, email: "new@school.test", name: "New Teacher" });
    expect(await db.inviteLink.findFirst({ where: { tokenHash: second.token } })).toBeNull(); // stored hashed only

    const short = await redeemInvite(db, second.token, "short", later(2));
    expect(short).toMatchObject({ ok: false, fieldErrors: { password: [expect.stringMatching(/10 characters/)] } });
    // The form shows the message and the field's errors: the reason once, not twice.
    expect(short.message).not.toBe(short.ok ? "" : short.fieldErrors!.password![0]);
    expect(await redeemInvite(db, second.token, "my-own-password", later(2))).toMatchObject({
      ok: true,
      data: { email: "new@school.test" },
    });
    expect(await checkSignIn(db, { email: "new@school.test", password: "my-own-password" }, null)).toMatchObject({ ok: true });
    expect(await redeemInvite(db, second.token, "another-password", later(3))).toMatchObject({
      ok: false,
      message: expect.stringContaining("used already"),
    });
    expect(await checkSignIn(db, { email: "new@school.test", password: "another-password" }, null)).toMatchObject({ ok: false });
    expect(await db.auditLog.count({ where: { targetId: imported.id, action: { in: ["user.invite", "user.invite-used"] } } })).toBe(3);

    const head = await db.user.create({ data: { email: "deputy@school.test", name: "Deputy", role: "ADMIN", passwordHash: "!" } });
    expect(await createInvite(db, head.id, admin, AT)).toMatchObject({ ok: false, code: "forbidden" }); // teachers only
    expect(await db.inviteLink.count({ where: { userId: head.id } })).toBe(0);

    const third = await invited(db, imported.id, admin, AT);
    expect(await checkInvite(db, third.token, later(72))).toMatchObject({ ok: false, reason: "expired" });
    expect(await redeemInvite(db, third.token, "late-password-1", later(73))).toMatchObject({
      ok: false,
      message: expect.stringContaining("expired"),
    });
    expect(await checkInvite(db, "x".repeat(43), AT)).toMatchObject({ ok: false, reason: "invalid" });
    expect(await checkInvite(db, 42, AT)).toMatchObject({ ok: false, reason: "invalid" });
  });

  it("refuses a deactivated account", async () => {
    const db = ctx.db;
    const gone = await db.user.create({ data: { email: "gone@school.test", name: "Gone", role: "TEACHER", passwordHash: "!" } });
    const invite = await invited(db, gone.id, admin, AT);
    await db.user.update({ where: { id: gone.id }, data: { active: false } });
    expect(await checkInvite(db, invite.token, later(1))).toMatchObject({ ok: false, reason: "inactive" });
    expect(await createInvite(db, gone.id, admin, AT)).toMatchObject({ ok: false, code: "refused" });
  });
});
