// Guardian absence notices, through a real SMTP server (smtp-server on 127.0.0.1) and a real
// database: who is told, what the email says (and does not), corrections, retries, failures,
// opt-out, exactly once across two senders and across a sender killed mid-send.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDueSessions } from "@/lib/attendance/closing";
import { setStatus, type Staff } from "@/lib/attendance/marks";
import { createPrismaClient } from "@/lib/db";
import { createMailer, mailConfig, type Mailer } from "@/lib/mail";
import { CLAIM_STALE_MS, RETRY_BACKOFF_MS, planNotices, queueNotices, resendNotice, sendDueNotices } from "@/lib/notices/outbox";
import { optOut, optOutToken, verifyOptOutToken } from "@/lib/notices/opt-out";
import { renderNotice } from "@/lib/notices/template";
import { noticeTemplateSchema } from "@/lib/validations/notices";
import { addGuardian, clearOptOut, setDoNotContact, unlinkGuardian } from "@/lib/guardians";
import { updateNoticeSettings } from "@/lib/notices/settings";
import { freshDb } from "./helpers";
import { startSmtp, type TestSmtp } from "../support/smtp";

const FROM = "attendance@school.test";
const DATE = "2026-11-30"; // a Monday
// Europe/Berlin: the 08:00Z session starts 09:00 local, and the email says 09:00.
const STARTS = new Date("2026-11-30T08:00:00Z");
const ENDS = new Date("2026-11-30T08:50:00Z");
const CLOSED_AT = new Date("2026-11-30T08:51:00Z");
const minutesAfterClose = (m: number) => new Date(CLOSED_AT.getTime() + m * 60_000);

let ctx: Awaited<ReturnType<typeof freshDb>>;
let smtp: TestSmtp;
let mailer: Mailer;
let tess: Staff;
const ids: Record<string, string> = {};
const guardians: Record<string, string> = {};

function mailerFor(url: string): Mailer {
  return createMailer(mailConfig({ ROLLCALL_SMTP_URL: url, ROLLCALL_MAIL_FROM: FROM }))!;
}

async function send(at: Date, m: Mailer | null = mailer, db = ctx.db) {
  await queueNotices(db, at, DATE);
  return sendDueNotices(db, m, FROM, at, { instance: "test" });
}

beforeEach(async () => {
  ctx = await freshDb();
  const db = ctx.db;
  await db.schoolSettings.create({ data: { id: 1, name: "Caltech Prep", timeZone: "Europe/Berlin" } });
  const user = await db.user.create({ data: { email: "tess@school.test", name: "Tess", role: "TEACHER", passwordHash: "!" } });
  tess = { id: user.id, role: "TEACHER", label: user.email };
  const sci = await db.class.create({ data: { code: "SCI-8A", title: "Science", teachers: { create: { userId: user.id } } } });
  for (const [identifier, given, family] of [
    ["S1", "Ann", "Able"],
    ["S2", "Bo", "Baker"],
    ["S3", "Cy", "Cole"],
    ["S4", "Dee", "Dunn"],
  ]) {
    const s = await db.student.create({ data: { identifier, givenName: given, familyName: family } });
    ids[given] = s.id;
    await db.enrollment.create({ data: { classId: sci.id, studentId: s.id } });
  }
  const guardian = async (key: string, email: string | null, students: string[]) => {
    const g = await db.guardian.create({
      data: { givenName: key, familyName: "Parent", email, students: { create: students.map((s) => ({ studentId: ids[s] })) } },
    });
    guardians[key] = g.id;
  };
  await guardian("Alma", "alma@family.test", ["Ann"]);
  await guardian("Abe", "abe@family.test", ["Ann"]);
  await guardian("Bea", "bea@family.test", ["Bo", "Dee"]); // Dee is present: Bea hears about Bo only
  await guardian("Noel", null, ["Cy"]); // no address: cannot be told
  const session = await db.classSession.create({ data: { classId: sci.id, date: DATE, startsAt: STARTS, endsAt: ENDS, tardyAt: STARTS } });
  await db.attendanceRecord.create({
    data: { sessionId: session.id, studentId: ids.Dee, status: "PRESENT", markedAt: STARTS, method: "FACE" },
  });
  // Ann, Bo and Cy never checked in: closing marks them Unexcused absence.
  expect(await closeDueSessions(db, CLOSED_AT)).toEqual({ sessions: 1, absent: 3 });
  smtp = await startSmtp();
  mailer = mailerFor(smtp.url);
});
afterEach(async () => {
  mailer.close();
  await smtp.close();
  await ctx.cleanup();
});

describe("a closed session with two unexcused students", () => {
  it("sends one email to each of their guardians with the right class, and nothing else", async () => {
    // Not before the school's delay for corrections (15 minutes by default).
    expect(await send(minutesAfterClose(5))).toMatchObject({ sent: 0 });
    expect(await ctx.db.notice.count({ where: { status: "PENDING" } })).toBe(3);

    const result = await send(minutesAfterClose(16));
    expect(result).toMatchObject({ sent: 3, failed: 0, cancelled: 0 });
    await smtp.waitFor(3);
    expect(smtp.delivered.map((m) => m.envelopeTo[0]).sort()).toEqual(["abe@family.test", "alma@family.test", "bea@family.test"]);

    const toBea = smtp.delivered.find((m) => m.envelopeTo[0] === "bea@family.test")!;
    expect(toBea.subject).toBe("Attendance at Caltech Prep: Bo Baker, Monday, 30 November 2026");
    expect(toBea.from?.value[0]).toMatchObject({ address: FROM, name: "Caltech Prep" });
    expect(toBea.text).toContain("Dear Bea Parent,");
    expect(toBea.text).toContain("- 09:00 SCI-8A Science: Unexcused absence");
    expect(toBea.html).toContain("<li>09:00 SCI-8A Science: Unexcused absence</li>");
    // Only Bo: not Dee (present, also Bea's), not the other absent students, no attachment or image.
    for (const other of ["Dee", "Ann", "Cy", "Able", "Cole"]) expect(`${toBea.text}${toBea.html}`).not.toContain(other);
    expect(toBea.attachments).toEqual([]);
    expect(String(toBea.html)).not.toMatch(/<img|data:image/);
    const unsubscribe = toBea.headerLines.find((h) => h.key === "list-unsubscribe")!.line.replace(/\r?\n\s+/g, "");
    expect(unsubscribe).toContain(`/notices/opt-out/one-click?token=${encodeURIComponent(optOutToken(guardians.Bea))}`);
    expect(toBea.text).toContain(encodeURIComponent(optOutToken(guardians.Bea)));

    // The audit says who, when and which absences, never the body.
    const audit = await ctx.db.auditLog.findMany({ where: { action: "notice.sent" } });
    expect(audit).toHaveLength(3);
    const entry = audit.find((a) => (a.after as { recipient: string }).recipient === "bea@family.test")!;
    expect(entry.after).toMatchObject({
      studentId: ids.Bo,
      date: DATE,
      sessions: [{ class: "SCI-8A", time: "09:00", status: "Unexcused absence" }],
    });
    expect(JSON.stringify(entry)).not.toContain("Dear");

    // Exactly once: more passes send nothing more.
    expect(await send(minutesAfterClose(30))).toMatchObject({ sent: 0 });
    expect(await send(minutesAfterClose(90))).toMatchObject({ sent: 0 });
    expect(smtp.delivered).toHaveLength(3);
  });

  it("waits for the school's send time when it has one", async () => {
    await ctx.db.schoolSettings.update({ where: { id: 1 }, data: { noticeSendTime: "11:00" } });
    expect(await send(minutesAfterClose(60))).toMatchObject({ sent: 0 }); // 10:51 in Berlin
    expect(await send(minutesAfterClose(70))).toMatchObject({ sent: 3 }); // 11:01
  });

  it("does not tell guardians of a student marked do not contact, or anyone when notices are off", async () => {
    await ctx.db.student.update({ where: { id: ids.Ann }, data: { doNotContact: true } });
    expect(await send(minutesAfterClose(16))).toMatchObject({ sent: 1 });
    expect(smtp.delivered.map((m) => m.envelopeTo[0])).toEqual(["bea@family.test"]);
    await ctx.db.schoolSettings.update({ where: { id: 1 }, data: { noticesEnabled: false } });
    await ctx.db.student.update({ where: { id: ids.Ann }, data: { doNotContact: false } });
    expect((await planNotices(ctx.db, DATE, minutesAfterClose(20))).add).toEqual([]);
  });
});

describe("corrections", () => {
  it("a correction to present before the send time cancels the notice at once", async () => {
    await queueNotices(ctx.db, minutesAfterClose(1), DATE);
    const fixed = await setStatus(ctx.db, tess, await recordOf("Ann", "PRESENT", "Was in the library with a pass"), minutesAfterClose(5));
    expect(fixed).toMatchObject({ ok: true });
    // The outbox says so now, not at the send time.
    expect(await ctx.db.notice.count({ where: { studentId: ids.Ann, status: "CANCELLED" } })).toBe(2);
    const result = await send(minutesAfterClose(16));
    expect(result).toMatchObject({ sent: 1, cancelled: 0 });
    await smtp.waitFor(1);
    expect(smtp.delivered.map((m) => m.envelopeTo[0])).toEqual(["bea@family.test"]);
    expect(await ctx.db.notice.findMany({ where: { studentId: ids.Ann } })).toEqual([
      expect.objectContaining({ status: "CANCELLED", lastError: "Nothing to report: corrected before it was sent." }),
      expect.objectContaining({ status: "CANCELLED" }),
    ]);
  });

  it("after the send, a correction email goes out only when the school wants one", async () => {
    await send(minutesAfterClose(16));
    await smtp.waitFor(3);
    await setStatus(ctx.db, tess, await recordOf("Bo", "EXCUSED_ABSENCE", "Doctor's note"), minutesAfterClose(20));
    expect(await send(minutesAfterClose(40))).toMatchObject({ sent: 0 }); // off by default

    await ctx.db.schoolSettings.update({ where: { id: 1 }, data: { noticeCorrections: true } });
    expect(await send(minutesAfterClose(41))).toMatchObject({ sent: 1 });
    await smtp.waitFor(4);
    const correction = smtp.delivered[3];
    expect(correction.envelopeTo).toEqual(["bea@family.test"]);
    expect(correction.subject).toMatch(/^Correction: /);
    expect(correction.text).toContain("09:00 SCI-8A Science: now Excused absence (was Unexcused absence)");
    expect(await send(minutesAfterClose(60))).toMatchObject({ sent: 0 }); // one correction a day
  });

  it("reports excused absences and tardies only when the school chooses to", async () => {
    await setStatus(ctx.db, tess, await recordOf("Bo", "TARDY", "Came at 09:20"), minutesAfterClose(2));
    await setStatus(ctx.db, tess, await recordOf("Ann", "EXCUSED_ABSENCE", "Ill, parent called"), minutesAfterClose(2));
    expect((await planNotices(ctx.db, DATE, minutesAfterClose(3))).add).toEqual([]);
    await ctx.db.schoolSettings.update({ where: { id: 1 }, data: { noticeExcused: true, noticeTardy: true } });
    const plan = await planNotices(ctx.db, DATE, minutesAfterClose(3));
    expect(plan.add.map((p) => p.sessions[0].status).sort()).toEqual(["Excused absence", "Excused absence", "Tardy"]);
  });
});

describe("when the mail server refuses or is down", () => {
  it("retries a refused recipient once, then shows it failed with the server's reason", async () => {
    smtp.options.refuse = (address) => (address === "bea@family.test" ? "550 5.1.1 No such mailbox here" : null);
    const first = await send(minutesAfterClose(16));
    expect(first).toMatchObject({ sent: 2, retrying: 1 });
    const bea = () => ctx.db.notice.findFirstOrThrow({ where: { guardianId: guardians.Bea } });
    expect(await bea()).toMatchObject({ status: "PENDING", attempts: 1, lastError: expect.stringContaining("No such mailbox here") });
    expect(await send(minutesAfterClose(16.5))).toMatchObject({ sent: 0, retrying: 0 }); // backoff: not yet
    expect(await send(minutesAfterClose(17))).toMatchObject({ failed: 1 });
    expect(await bea()).toMatchObject({ status: "FAILED", attempts: 2, lastError: expect.stringContaining("550") });
    expect(await ctx.db.auditLog.count({ where: { action: "notice.failed" } })).toBe(1);

    // The admin fixes the address and sends it again.
    smtp.options.refuse = undefined;
    expect(await resendNotice(ctx.db, (await bea()).id, { label: "admin@school.test" }, minutesAfterClose(30))).toBe("queued");
    expect(await send(minutesAfterClose(30))).toMatchObject({ sent: 1 });
    expect(smtp.delivered.filter((m) => m.envelopeTo[0] === "bea@family.test")).toHaveLength(1);
  });

  it("keeps retrying while the server is down, and sends once it is back", async () => {
    const port = smtp.port;
    await smtp.close();
    const first = await send(minutesAfterClose(16));
    expect(first).toMatchObject({ sent: 0, retrying: 3 });
    const n = await ctx.db.notice.findFirstOrThrow({ where: { guardianId: guardians.Bea } });
    expect(n).toMatchObject({ status: "PENDING", attempts: 1, lastError: expect.stringMatching(/ECONNREFUSED|ECONNECTION/) });
    expect(await send(minutesAfterClose(18))).toMatchObject({ retrying: 3 }); // 1 minute later: second try, still down
    smtp = await startSmtp({}, port);
    expect(await send(minutesAfterClose(19))).toMatchObject({ sent: 0 }); // the next try is 5 minutes after the second
    expect(await send(minutesAfterClose(24))).toMatchObject({ sent: 3 });
    await smtp.waitFor(3);
  });

  it("gives up after six tries over about five hours", async () => {
    await smtp.close();
    let at = minutesAfterClose(16);
    for (const wait of [...RETRY_BACKOFF_MS, 0]) {
      await send(at);
      at = new Date(at.getTime() + wait);
    }
    expect(await ctx.db.notice.findMany({ select: { status: true, attempts: true } })).toEqual(
      Array(3).fill({ status: "FAILED", attempts: 6 }),
    );
    smtp = await startSmtp();
  });

  it("without mail configured, keeps every notice in the outbox; mail configured a day late drops them", async () => {
    expect(await send(minutesAfterClose(16), null)).toMatchObject({ sent: 0 });
    expect(await ctx.db.notice.count({ where: { status: "PENDING" } })).toBe(3);
    const dayLater = new Date(minutesAfterClose(16).getTime() + 25 * 3600_000);
    expect(await sendDueNotices(ctx.db, mailer, FROM, dayLater, { instance: "test" })).toMatchObject({ sent: 0, cancelled: 3 });
    expect(await ctx.db.auditLog.count({ where: { action: "notice.cancel", reason: { startsWith: "Not sent within a day" } } })).toBe(3);
    expect(mailConfig({})).toEqual({ ok: false, message: "Mail is not configured (ROLLCALL_SMTP_URL is not set)." });
    expect(mailConfig({ ROLLCALL_SMTP_URL: "http://mail" })).toMatchObject({ ok: false, message: expect.stringContaining("smtp://") });
    expect(mailConfig({ ROLLCALL_SMTP_URL: "smtp://mail:25" })).toMatchObject({ ok: false, message: "ROLLCALL_MAIL_FROM is not set." });
  });
});

describe("opt-out", () => {
  it("the link works once, cancels what waits and stops further notices", async () => {
    await queueNotices(ctx.db, minutesAfterClose(1), DATE);
    const token = optOutToken(guardians.Alma);
    expect(verifyOptOutToken(token)).toBe(guardians.Alma);
    expect(verifyOptOutToken(token.slice(0, -1) + (token.endsWith("A") ? "B" : "A"))).toBeNull();
    expect(verifyOptOutToken(`${guardians.Abe}.${token.split(".")[1]}`)).toBeNull(); // another guardian's id
    expect(await optOut(ctx.db, "garbage", minutesAfterClose(2))).toBe("invalid");
    expect(await optOut(ctx.db, token, minutesAfterClose(2))).toBe("opted-out");
    expect(await optOut(ctx.db, token, minutesAfterClose(3))).toBe("already");
    expect(await ctx.db.auditLog.count({ where: { action: "guardian.opt-out" } })).toBe(1);

    expect(await send(minutesAfterClose(16))).toMatchObject({ sent: 2 });
    await smtp.waitFor(2);
    expect(smtp.delivered.map((m) => m.envelopeTo[0]).sort()).toEqual(["abe@family.test", "bea@family.test"]);
    // A later day's absence: Alma is not queued again.
    const plan = await planNotices(ctx.db, DATE, minutesAfterClose(60));
    expect(plan.add.filter((p) => p.guardianId === guardians.Alma)).toEqual([]);
  });
});

describe("exactly once", () => {
  it("two senders at once (two app instances) send each notice once", async () => {
    await queueNotices(ctx.db, minutesAfterClose(16), DATE);
    const other = createPrismaClient(ctx.url);
    const otherMailer = mailerFor(smtp.url);
    try {
      const at = minutesAfterClose(16);
      const [a, b] = await Promise.all([
        sendDueNotices(ctx.db, mailer, FROM, at, { instance: "app-1" }),
        sendDueNotices(other, otherMailer, FROM, at, { instance: "app-2" }),
      ]);
      expect(a.sent + b.sent).toBe(3);
      await smtp.waitFor(3);
      await new Promise((r) => setTimeout(r, 300));
      expect(smtp.delivered).toHaveLength(3);
    } finally {
      otherMailer.close();
      await other.$disconnect();
    }
  });

  it("a sender killed mid-send neither loses nor repeats a notice", async () => {
    // The CLI is the sender here (the server runs the same code every minute). The server answers
    // the second message slowly; the process is killed while it waits, so that message was never
    // accepted. The next run, once the dead claim is stale, sends it; the first is not repeated.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-notices-"));
    const clock = (at: Date) => fs.writeFileSync(path.join(dir, "test-clock.json"), JSON.stringify({ now: at.toISOString() }));
    smtp.options.dataDelayMs = (i) => (i === 1 ? 10_000 : 0);
    const env = {
      ...process.env,
      DATABASE_URL: ctx.url,
      ROLLCALL_DATA_DIR: dir,
      ROLLCALL_TEST_CLOCK: "1",
      ROLLCALL_SMTP_URL: smtp.url,
      ROLLCALL_MAIL_FROM: FROM,
      ROLLCALL_ADMIN_EMAIL: "admin@school.test",
      ROLLCALL_ADMIN_PASSWORD: "a-long-test-password",
    };
    // The sender itself, not an npx wrapper: a wrapper's SIGKILL leaves its child sending.
    const run = () =>
      spawn(process.execPath, ["--import", "tsx", "cli/index.ts", "send-notices", "--date", DATE], {
        env,
        stdio: ["ignore", "pipe", "pipe"],
      });
    try {
      clock(minutesAfterClose(16));
      const first = run();
      let out = "";
      first.stdout.on("data", (d) => (out += d));
      first.stderr.on("data", (d) => (out += d));
      await smtp.waitForData(2, 60_000);
      expect(smtp.delivered).toHaveLength(1);
      first.kill("SIGKILL");
      await new Promise((r) => first.once("exit", r));
      expect(await ctx.db.notice.count({ where: { status: "SENDING" } })).toBe(1);
      expect(await ctx.db.notice.count({ where: { status: "SENT" } })).toBe(1);

      // Restarted at once: the claim is fresh, so the run leaves it (it might still be sending).
      smtp.options.dataDelayMs = undefined;
      clock(minutesAfterClose(17));
      const early = await finished(run());
      expect(early.code, early.out).toBe(0);
      expect(early.out).toContain("1 sent");
      // Later than any send can take: the dead sender's claim is taken over.
      clock(new Date(minutesAfterClose(17).getTime() + CLAIM_STALE_MS));
      const late = await finished(run());
      expect(late.code, late.out).toBe(0);
      expect(late.out).toContain("1 sent");
      await smtp.waitFor(3);
      await new Promise((r) => setTimeout(r, 300));
      expect(smtp.delivered.map((m) => m.envelopeTo[0]).sort()).toEqual(["abe@family.test", "alma@family.test", "bea@family.test"]);
      expect(new Set(smtp.delivered.map((m) => m.messageId)).size).toBe(3);
      expect(await ctx.db.notice.count({ where: { status: "SENT" } })).toBe(3);
      void out;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe("the template", () => {
  const values = {
    guardian: "Bea <Parent>",
    student: "Bo & Co",
    date: "Mon 30 Nov 2026",
    school: "Caltech Prep",
    sessions: [{ sessionId: "s1", classCode: "SCI", classTitle: "Science", time: "09:00", status: "Unexcused absence" }],
    optOutUrl: "https://rollcall.test/notices/opt-out?token=x",
  };

  it("escapes names in HTML and ends every notice with the opt-out link", () => {
    const r = renderNotice({ subject: "About {{student}}", body: "Hello {{guardian}}\n\n{{classes}}" }, values);
    expect(r.subject).toBe("About Bo & Co");
    expect(r.html).toContain("Hello Bea &lt;Parent&gt;");
    expect(r.html).not.toContain("<Parent>");
    expect(r.text).toContain("Hello Bea <Parent>");
    expect(r.text.trim().endsWith(values.optOutUrl)).toBe(true);
    expect(r.html).toContain(`href="${values.optOutUrl}"`);
  });

  it("refuses a template without the classes, or with a placeholder it does not know", () => {
    const check = (subject: string, body: string) => noticeTemplateSchema.safeParse({ subject, body }).error?.issues.map((i) => i.message);
    expect(check("Hi", "Dear {{guardian}}")).toEqual(["The body must contain {{classes}}: the list of classes missed."]);
    expect(check("Hi {{pupil}}", "{{classes}}")?.[0]).toMatch(/^Unknown placeholder \{\{pupil\}\}/);
    expect(check("Line\nbreak", "{{classes}}")).toEqual(["The subject must be one line."]);
    expect(check("Hi", "{{classes}}")).toBeUndefined();
  });
});

async function recordOf(given: string, status: "PRESENT" | "TARDY" | "EXCUSED_ABSENCE", reason: string) {
  const r = await ctx.db.attendanceRecord.findFirstOrThrow({ where: { studentId: ids[given] } });
  return { sessionId: r.sessionId, studentId: r.studentId, status, reason };
}

function finished(child: ReturnType<typeof spawn>): Promise<{ code: number | null; out: string }> {
  let out = "";
  child.stdout?.on("data", (d) => (out += d));
  child.stderr?.on("data", (d) => (out += d));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, out })));
}

describe("guardians by hand", () => {
  const admin = { label: "admin@school.test" };

  it("validates, links a sibling's guardian by email instead of a second record, and writes nothing on bad input", async () => {
    const before = await ctx.db.guardian.count();
    const bad = await addGuardian(
      ctx.db,
      ids.Cy,
      { givenName: "", familyName: "X", email: "not-an-email", language: "english please" },
      admin,
    );
    expect(bad).toMatchObject({
      ok: false,
      fieldErrors: { givenName: expect.any(Array), email: expect.any(Array), language: expect.any(Array) },
    });
    expect(await ctx.db.guardian.count()).toBe(before);

    const sibling = await addGuardian(ctx.db, ids.Cy, { givenName: "Bea", familyName: "Parent", email: "BEA@family.test" }, admin);
    expect(sibling).toMatchObject({ ok: true, message: expect.stringContaining("Linked Bea Parent") });
    expect(await ctx.db.guardian.count()).toBe(before);
    expect(await addGuardian(ctx.db, ids.Cy, { givenName: "Bea", familyName: "Parent", email: "bea@family.test" }, admin)).toMatchObject({
      ok: false,
    });
    expect(await ctx.db.auditLog.count({ where: { action: "guardian.link" } })).toBe(1);
  });

  it("unlinking, do not contact and an opt-out cancel what waits; an admin can take an opt-out back", async () => {
    await queueNotices(ctx.db, minutesAfterClose(1), DATE);
    expect(await unlinkGuardian(ctx.db, guardians.Abe, ids.Ann, admin)).toMatchObject({ ok: true });
    expect(await setDoNotContact(ctx.db, ids.Bo, true, admin)).toMatchObject({ ok: true });
    expect(await ctx.db.notice.findMany({ where: { status: "CANCELLED" }, select: { lastError: true } })).toEqual(
      expect.arrayContaining([
        { lastError: "The guardian was removed from the student." },
        { lastError: "The student is marked do not contact." },
      ]),
    );
    await optOut(ctx.db, optOutToken(guardians.Alma), minutesAfterClose(2));
    expect(await send(minutesAfterClose(16))).toMatchObject({ sent: 0 });
    expect(await clearOptOut(ctx.db, guardians.Alma, admin)).toMatchObject({ ok: true });
    expect(await clearOptOut(ctx.db, guardians.Alma, admin)).toMatchObject({ ok: false });
  });
});

describe("the notice settings", () => {
  it("refuse a form without the wait (as a caller bypassing the page sends) and change nothing", async () => {
    const before = await ctx.db.schoolSettings.findUniqueOrThrow({ where: { id: 1 } });
    const r = await updateNoticeSettings(
      ctx.db,
      { enabled: false, excused: false, tardy: false, corrections: false, delayMinutes: null },
      { label: "t" },
    );
    expect(r).toMatchObject({ ok: false, fieldErrors: { delayMinutes: ["Enter a number of minutes."] } });
    expect(await ctx.db.schoolSettings.findUniqueOrThrow({ where: { id: 1 } })).toEqual(before);
    expect(
      await updateNoticeSettings(
        ctx.db,
        { enabled: true, sendTime: "10:00", delayMinutes: "5", excused: true, tardy: false, corrections: false },
        { label: "t" },
      ),
    ).toMatchObject({ ok: true });
    expect(await ctx.db.schoolSettings.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({
      noticeSendTime: "10:00",
      noticeDelayMinutes: 5,
      noticeExcused: true,
    });
  });
});
