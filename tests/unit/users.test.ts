import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDb } from "./helpers";
import { checkSignIn, createUser, ensureFirstAdmin, UserInputError } from "@/lib/staff";
import { THROTTLE_RULES } from "@/lib/auth/throttle";
import { checkInvite, createInvite, emailLink, inviteLink, redeemInvite, requestPasswordReset } from "@/lib/staff/invites";
import { startSmtp } from "../support/smtp";

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
    expect(await checkInvite(db, second.token, later(2))).toEqual({
      ok: true,
      email: "new@school.test",
      name: "New Teacher",
      purpose: "invite",
    });
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

describe("password reset links", () => {
  const AT = new Date("2026-11-30T08:00:00Z");
  const later = (minutes: number) => new Date(AT.getTime() + minutes * 60_000);

  /** A reset link that must be made. */
  async function requested(email: string, at: Date) {
    const made = await requestPasswordReset(ctx.db, email, at);
    if (!made.ok || !made.reset) throw new Error("no reset link");
    return made.reset;
  }

  it("work once, within 1 hour, for teachers and admins, and end the account's older sign-ins", async () => {
    const db = ctx.db;
    const teacher = await createUser(
      db,
      { email: "forgot@school.test", name: "Forgetful", role: "TEACHER", password: "old-password-1" },
      { label: "test" },
    );
    const oldSignIn = await db.staffSession.create({ data: { userId: teacher.id, createdAt: AT } });
    const invite = await invited(db, teacher.id, { label: "admin@school.test" }, AT);

    const reset = await requested(" Forgot@School.test ", AT);
    expect(reset.expiresAt).toEqual(later(60));
    expect(reset.user).toEqual({ email: "forgot@school.test", name: "Forgetful" });
    expect(await db.inviteLink.findFirst({ where: { tokenHash: reset.token } })).toBeNull(); // stored hashed only
    expect(await checkInvite(db, invite.token, later(1))).toMatchObject({ ok: true, purpose: "invite" }); // a reset leaves the invite
    expect(await checkInvite(db, reset.token, later(1), "reset")).toMatchObject({ ok: true, purpose: "reset" });
    expect(inviteLink("https://rollcall.school.test/", reset.token, "reset")).toBe(
      `https://rollcall.school.test/reset-password?token=${reset.token}`,
    );

    expect(await redeemInvite(db, reset.token, "new-password-1", later(59))).toMatchObject({
      ok: true,
      data: { email: "forgot@school.test" },
    });
    expect(await checkSignIn(db, { email: "forgot@school.test", password: "new-password-1" }, null)).toMatchObject({ ok: true });
    expect(await checkSignIn(db, { email: "forgot@school.test", password: "old-password-1" }, null)).toMatchObject({ ok: false });
    expect((await db.staffSession.findUniqueOrThrow({ where: { id: oldSignIn.id } })).revokedAt).toEqual(later(59));
    // Single use; and the invite made for the old password is gone with it.
    expect(await redeemInvite(db, reset.token, "third-password-1", later(59))).toMatchObject({
      ok: false,
      message: expect.stringContaining("used already"),
    });
    expect(await checkInvite(db, invite.token, later(59))).toMatchObject({ ok: false, reason: "invalid" });
    expect(await db.auditLog.count({ where: { targetId: teacher.id, action: "user.password-reset-request" } })).toBe(1);
    expect(await db.auditLog.findFirstOrThrow({ where: { targetId: teacher.id, action: "user.password-reset" } })).toMatchObject({
      actorId: teacher.id,
    });

    // Expired after an hour; a new request replaces the unused link.
    const first = await requested("forgot@school.test", later(120));
    const second = await requested("forgot@school.test", later(121));
    expect(await checkInvite(db, first.token, later(122), "reset")).toMatchObject({ ok: false, reason: "invalid" });
    expect(await checkInvite(db, second.token, later(181), "reset")).toMatchObject({ ok: false, reason: "expired" });
    expect(await redeemInvite(db, second.token, "late-password-1", later(181))).toMatchObject({
      ok: false,
      message: expect.stringContaining("reset links last 1 hour"),
    });
    expect(await checkSignIn(db, { email: "forgot@school.test", password: "late-password-1" }, null)).toMatchObject({ ok: false });

    // An admin may reset their own password too (unlike an invite, the link goes to their own mailbox).
    await createUser(db, { email: "boss@school.test", name: "Boss", role: "ADMIN", password: "boss-password-1" }, { label: "test" });
    const boss = await requested("boss@school.test", AT);
    expect(await redeemInvite(db, boss.token, "boss-password-2", later(1))).toMatchObject({ ok: true });
  });

  it("write nothing for an unknown or deactivated email and answer the same", async () => {
    const db = ctx.db;
    const gone = await createUser(
      db,
      { email: "left@school.test", name: "Left", role: "TEACHER", password: "left-password-1" },
      { label: "test" },
    );
    await db.user.update({ where: { id: gone.id }, data: { active: false } });
    const counts = async () => [await db.inviteLink.count(), await db.auditLog.count()];
    const before = await counts();
    const unknown = await requestPasswordReset(db, "nobody@school.test", AT);
    const deactivated = await requestPasswordReset(db, "left@school.test", AT);
    expect(unknown).toEqual({ ok: true, reset: null });
    expect(deactivated).toEqual(unknown);
    expect(await counts()).toEqual(before);
    expect(await requestPasswordReset(db, "not an email", AT)).toMatchObject({ ok: false, fieldErrors: { email: [expect.any(String)] } });
    expect(await counts()).toEqual(before);
  });

  it("are emailed with the school's name, the link and the local expiry time", async () => {
    const smtp = await startSmtp();
    try {
      const config = { ok: true as const, url: smtp.url, from: "rollcall@school.test" };
      const link = "https://rollcall.school.test/reset-password?token=abc";
      await emailLink(
        "reset",
        { user: { email: "t@school.test", name: "Tess" }, link, until: "2026-11-30 09:00" },
        "Hillside School",
        config,
      );
      await smtp.waitFor(1);
      const [mail] = smtp.delivered;
      expect(mail.envelopeTo).toEqual(["t@school.test"]);
      expect(mail.subject).toBe("Reset your Rollcall password for Hillside School");
      expect(mail.from?.text).toContain("Hillside School");
      expect(mail.text).toContain(link);
      expect(mail.text).toContain("until 2026-11-30 09:00");
    } finally {
      await smtp.close();
    }
  });
});
