// Hardening, second pass: CSV that no spreadsheet turns into a formula, whatever its separator;
// the sign-in lifecycle (deactivation ends sign-ins, imports never reactivate, no timing tell).
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { toCsv } from "@/lib/csv";
import { applyRosterImport, previewRosterImport } from "@/lib/roster/import";
import { checkSignIn, createUser, setUserActive } from "@/lib/staff";
import { checkInWithPin, setStudentPin } from "@/lib/attendance/pin";
import { createKiosk, kioskByToken, pairKiosk } from "@/lib/kiosk/devices";
import { freshDb } from "./helpers";

let ctx: Awaited<ReturnType<typeof freshDb>>;
beforeEach(async () => (ctx = await freshDb()));
afterEach(() => ctx.cleanup());

const ROSTER = path.resolve("tests/fixtures/roster");
const roster = () =>
  Object.fromEntries(["users.csv", "classes.csv", "enrollments.csv"].map((f) => [f, fs.readFileSync(path.join(ROSTER, f), "utf8")]));

describe("sign-in lifecycle", () => {
  it("deactivating and reactivating an account ends its sign-ins: an old cookie does not come back", async () => {
    const user = await createUser(
      ctx.db,
      { email: "t@school.test", name: "T", role: "TEACHER", password: "a-long-password" },
      { label: "test" },
    );
    const signIn = await ctx.db.staffSession.create({ data: { userId: user.id } });
    await setUserActive(ctx.db, user.id, false, { label: "test" });
    expect((await ctx.db.staffSession.findUniqueOrThrow({ where: { id: signIn.id } })).revokedAt).not.toBeNull();
    const later = await ctx.db.staffSession.create({ data: { userId: user.id } }); // e.g. one re-set by a request in flight
    await setUserActive(ctx.db, user.id, true, { label: "test" });
    expect((await ctx.db.staffSession.findUniqueOrThrow({ where: { id: later.id } })).revokedAt).not.toBeNull();
  });

  it("the roster import never reactivates an account an admin deactivated, and says so in the preview", async () => {
    await applyRosterImport(ctx.db, roster(), { label: "test" });
    const teacher = await ctx.db.user.findFirstOrThrow({ where: { role: "TEACHER", sourcedId: { not: null } } });
    await setUserActive(ctx.db, teacher.id, false, { label: "admin" });
    const preview = await previewRosterImport(ctx.db, roster());
    expect(preview.notices).toEqual([expect.stringContaining(`${teacher.email}> is in the export but deactivated here`)]);
    await applyRosterImport(ctx.db, roster(), { label: "test" });
    expect((await ctx.db.user.findUniqueOrThrow({ where: { id: teacher.id } })).active).toBe(false);
  });

  it("an account without a password takes as long to refuse as one with (no timing tell)", async () => {
    await createUser(ctx.db, { email: "real@school.test", name: "R", role: "TEACHER", password: "a-long-password" }, { label: "test" });
    await ctx.db.user.create({ data: { email: "imported@school.test", name: "I", role: "TEACHER", passwordHash: "!" } });
    const time = async (email: string) => {
      const runs: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        expect((await checkSignIn(ctx.db, { email, password: "wrong-password-1" }, null, new Date())).ok).toBe(false);
        runs.push(performance.now() - t);
      }
      return runs.sort((a, b) => a - b)[1];
    };
    await createUser(ctx.db, { email: "warm@school.test", name: "W", role: "TEACHER", password: "a-long-password" }, { label: "test" });
    await time("warm@school.test"); // warm-up (3 failures: under the account lock's 5)
    const real = await time("real@school.test");
    const none = await time("imported@school.test");
    expect(none).toBeGreaterThan(real * 0.5);
  });
});

describe("CSV exports", () => {
  it("quote every text cell and neutralise formulas after ; , tab and line breaks too, read with either separator", () => {
    const hostile = ["doctor;=2+5", "a,+1", "tab\t@SUM(A1)", '=HYPERLINK("x")', " -3", "plain", 'see note\n=HYPERLINK("x")', "cr\r\n+1"];
    const csv = toCsv(
      ["note", "n"],
      hostile.map((h, i) => [h, i]),
    );
    for (const delimiter of [",", ";", "\t"]) {
      const cells: string[] = parse(csv, { delimiter, relax_quotes: true, relax_column_count: true }).flat();
      // A reader that ignores the quotes starts a new row at every line break: each line counts as a cell start too.
      const formulas = cells.flatMap((c) => c.split(/\r?\n|\r/)).filter((c) => /^\s*"?\s*[=+\-@]/.test(c));
      expect(formulas, `separator ${JSON.stringify(delimiter)}`).toEqual([]);
    }
    // Read back as intended (comma CSV), the text is all there, an apostrophe before each formula.
    const rows: string[][] = parse(csv, { from_line: 2 });
    expect(rows.map((r) => r[0])).toEqual([
      "doctor;'=2+5",
      "a,'+1",
      "tab\t'@SUM(A1)",
      '\'=HYPERLINK("x")',
      " '-3",
      "plain",
      'see note\n\'=HYPERLINK("x")',
      "cr\r\n'+1",
    ]);
  });
});

describe("locks taken before the slow check", () => {
  it("a parallel burst of 50 wrong passwords checks at most 5", async () => {
    await createUser(ctx.db, { email: "victim@school.test", name: "V", role: "TEACHER", password: "a-long-password" }, { label: "test" });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        checkSignIn(ctx.db, { email: "victim@school.test", password: `guess-number-${i}` }, `203.0.113.${i}`),
      ),
    );
    const checked = results.filter((r) => !r.ok && r.reason === "invalid").length;
    expect(checked).toBeLessThanOrEqual(5);
    expect(results.filter((r) => !r.ok && r.reason === "throttled").length).toBe(50 - checked);
    // The right password is refused too while the account is locked.
    expect(await checkSignIn(ctx.db, { email: "victim@school.test", password: "a-long-password" }, "203.0.113.99")).toMatchObject({
      ok: false,
      reason: "throttled",
    });
  });

  it("a parallel burst of 20 wrong PINs checks at most 5, and a right PIN does not count as a failure", async () => {
    const at = new Date("2026-11-30T08:05:00Z");
    const klass = await ctx.db.class.create({
      data: { code: "PIN", title: "Pins", meetings: { create: { weekday: 1, startMinute: 480, endMinute: 530 } } },
    });
    const s = await ctx.db.student.create({
      data: { identifier: "S77", givenName: "Pia", familyName: "N", enrollments: { create: { classId: klass.id } } },
    });
    await setStudentPin(ctx.db, s.id, "4821", { label: "test" });
    const kiosk = (await kioskByToken(
      ctx.db,
      (await pairKiosk(ctx.db, (await createKiosk(ctx.db, { name: "K", classId: klass.id }, { label: "t" }, at)).code, at))!.token,
    ))!;
    expect(await checkInWithPin(ctx.db, kiosk, { identifier: "S77", pin: "4821" }, at)).toMatchObject({ ok: true, outcome: "marked" });
    expect(await ctx.db.checkInAttempt.count({ where: { outcome: "PIN_FAILED" } })).toBe(0);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => checkInWithPin(ctx.db, kiosk, { identifier: "S77", pin: String(1000 + i) }, at)),
    );
    expect(results.filter((r) => !r.ok && r.reason === "wrong").length).toBeLessThanOrEqual(5);
    expect(results.filter((r) => !r.ok && r.reason === "locked").length).toBeGreaterThanOrEqual(15);
  });
});

describe("client address", () => {
  const req = (peer: string, xff?: string) => new Headers({ "x-rollcall-peer": peer, ...(xff ? { "x-forwarded-for": xff } : {}) });
  it("without a trusted proxy, is the socket's address whatever X-Forwarded-For says", async () => {
    const { clientAddress, trustedProxies } = await import("@/lib/client-address");
    const none = trustedProxies("");
    expect(clientAddress(req("::ffff:203.0.113.7", "1.2.3.4"), none)).toBe("203.0.113.7");
    expect(clientAddress(new Headers({ "x-forwarded-for": "1.2.3.4" }), none)).toBe("unknown");
  });
  it("behind a trusted proxy, is the right-most hop that is not a trusted proxy", async () => {
    const { clientAddress, trustedProxies } = await import("@/lib/client-address");
    const proxies = trustedProxies("10.0.0.5, 192.168.10.0/24, ::1");
    // The client wrote a forged first hop; the proxy appended the real one.
    expect(clientAddress(req("10.0.0.5", "6.6.6.6, 203.0.113.9"), proxies)).toBe("203.0.113.9");
    expect(clientAddress(req("10.0.0.5", "203.0.113.9, 192.168.10.20"), proxies)).toBe("203.0.113.9");
    expect(clientAddress(req("::1", "2001:db8::7"), proxies)).toBe("2001:db8::7");
    // Not from the proxy: its forwarded header is ignored.
    expect(clientAddress(req("203.0.113.50", "6.6.6.6"), proxies)).toBe("203.0.113.50");
    // From the proxy with no header, or junk in it: the proxy's own address, nothing beyond.
    expect(clientAddress(req("10.0.0.5"), proxies)).toBe("10.0.0.5");
    expect(clientAddress(req("10.0.0.5", "not-an-ip"), proxies)).toBe("10.0.0.5");
    expect(() => trustedProxies("10.0.0.0/99")).toThrow(/not an IP address or CIDR/);
  });
  it("forwarded headers reach the app only from a trusted proxy; the peer stamp is always the socket's", async () => {
    const { isHttps, sanitiseForwarding, trustedProxies } = await import("@/lib/client-address");
    const proxies = trustedProxies("127.0.0.1");
    const sent = () => ({
      host: "rollcall.lan",
      "x-forwarded-for": "6.6.6.6",
      "x-forwarded-proto": "https",
      "x-forwarded-host": "evil.example",
      forwarded: "for=6.6.6.6;proto=https",
      "x-real-ip": "6.6.6.6",
      "x-rollcall-peer": "1.1.1.1",
    });
    const fromClient: Record<string, string | undefined> = sent();
    sanitiseForwarding(fromClient, "::ffff:192.168.4.20", proxies);
    expect(fromClient).toEqual({ host: "rollcall.lan", "x-rollcall-peer": "192.168.4.20" });
    const fromProxy: Record<string, string | undefined> = sent();
    sanitiseForwarding(fromProxy, "::ffff:127.0.0.1", proxies);
    expect(fromProxy).toEqual({ ...sent(), "x-rollcall-peer": "127.0.0.1" });
    expect(isHttps(new Headers({ "x-forwarded-proto": "HTTPS" }))).toBe(true);
    expect(isHttps(new Headers({ "x-forwarded-proto": "http" }))).toBe(false);
    expect(isHttps(new Headers())).toBe(false);
  });
});

describe("former students", () => {
  it("a teacher no longer gets the photo or the report of a student whose enrollment in their class ended; an admin still does", async () => {
    const { visiblePhoto } = await import("@/lib/data/session-review");
    const { studentReport } = await import("@/lib/data/reports");
    await ctx.db.schoolSettings.create({ data: { id: 1, timeZone: "Europe/Berlin" } });
    const teacher = await ctx.db.user.create({ data: { email: "tt@school.test", name: "T", role: "TEACHER", passwordHash: "!" } });
    const admin = { id: "admin", role: "ADMIN" as const };
    const klass = await ctx.db.class.create({ data: { code: "FS", title: "Former", teachers: { create: { userId: teacher.id } } } });
    const make = async (identifier: string, endDate: string | null) => {
      const s = await ctx.db.student.create({
        data: {
          identifier,
          givenName: identifier,
          familyName: "S",
          consentStatus: "GRANTED",
          enrollments: { create: { classId: klass.id, endDate } },
        },
      });
      const p = await ctx.db.facePhoto.create({
        data: { studentId: s.id, mimeType: "image/jpeg", bytes: new Uint8Array([1, 2, 3]), sha256: identifier, width: 1, height: 1 },
      });
      return { student: s.id, photo: p.id };
    };
    const left = await make("LEFT", "2026-11-27");
    const stays = await make("STAYS", "2026-11-30");
    const at = new Date("2026-11-29T23:30:00Z"); // Monday 30 November 00:30 in Berlin
    const viewer = { id: teacher.id, role: "TEACHER" as const };
    const range = { from: "2026-11-01", to: "2026-11-30" };
    expect(await visiblePhoto(ctx.db, viewer, left.photo, at)).toBeNull();
    expect(await studentReport(ctx.db, viewer, left.student, range, at)).toBeNull();
    expect(await visiblePhoto(ctx.db, viewer, stays.photo, at)).not.toBeNull();
    expect(await studentReport(ctx.db, viewer, stays.student, range, at)).not.toBeNull();
    expect(await visiblePhoto(ctx.db, admin, left.photo, at)).not.toBeNull();
    expect(await studentReport(ctx.db, admin, left.student, range, at)).not.toBeNull();
  });
});

describe("archived students", () => {
  it("archived by the admin's button: gone from their teacher at once (photo, report), open enrollments end-dated, still there for the admin", async () => {
    const { visiblePhoto } = await import("@/lib/data/session-review");
    const { studentReport } = await import("@/lib/data/reports");
    const { setStudentArchived } = await import("@/lib/students");
    await ctx.db.schoolSettings.create({ data: { id: 1, timeZone: "Europe/Berlin" } });
    const teacher = await ctx.db.user.create({ data: { email: "ta@school.test", name: "T", role: "TEACHER", passwordHash: "!" } });
    const klass = await ctx.db.class.create({ data: { code: "AR", title: "Archive", teachers: { create: { userId: teacher.id } } } });
    const student = await ctx.db.student.create({
      data: {
        identifier: "GONE",
        givenName: "G",
        familyName: "S",
        consentStatus: "GRANTED",
        enrollments: { create: { classId: klass.id } },
      },
    });
    const photo = await ctx.db.facePhoto.create({
      data: { studentId: student.id, mimeType: "image/jpeg", bytes: new Uint8Array([1]), sha256: "gone", width: 1, height: 1 },
    });
    const at = new Date("2026-11-30T09:00:00Z");
    const viewer = { id: teacher.id, role: "TEACHER" as const };
    const range = { from: "2026-11-01", to: "2026-11-30" };
    expect(await visiblePhoto(ctx.db, viewer, photo.id, at)).not.toBeNull();
    expect(await setStudentArchived(ctx.db, student.id, true, { label: "admin" }, at)).toMatchObject({ ok: true });
    expect(await visiblePhoto(ctx.db, viewer, photo.id, at)).toBeNull();
    expect(await studentReport(ctx.db, viewer, student.id, range, at)).toBeNull();
    expect((await ctx.db.enrollment.findFirstOrThrow({ where: { studentId: student.id } })).endDate).toBe("2026-11-30");
    expect(await studentReport(ctx.db, { id: "admin", role: "ADMIN" }, student.id, range, at)).not.toBeNull();
    expect(await setStudentArchived(ctx.db, "missing", true, { label: "admin" }, at)).toMatchObject({ ok: false, code: "not_found" });
  });
});

describe("absolute session lifetime", () => {
  it("a sign-in ends 12 hours after it began however active it was (ROLLCALL_SESSION_MAX_HOURS)", async () => {
    const { validStaffSession, sessionMaxHours } = await import("@/lib/auth/staff-session");
    const user = await createUser(
      ctx.db,
      { email: "long@school.test", name: "L", role: "TEACHER", password: "a-long-password" },
      { label: "test" },
    );
    const signedIn = new Date("2026-11-30T07:00:00Z");
    const s = await ctx.db.staffSession.create({ data: { userId: user.id, createdAt: signedIn } });
    expect(await validStaffSession(ctx.db, s.id, user.id, new Date("2026-11-30T18:59:00Z"), 12)).toMatchObject({
      email: "long@school.test",
    });
    expect(await validStaffSession(ctx.db, s.id, user.id, new Date("2026-11-30T19:01:00Z"), 12)).toBeNull();
    expect((await ctx.db.staffSession.findUniqueOrThrow({ where: { id: s.id } })).revokedAt).not.toBeNull();
    expect(sessionMaxHours({})).toBe(12);
    expect(sessionMaxHours({ ROLLCALL_SESSION_MAX_HOURS: "9" })).toBe(9);
    expect(() => sessionMaxHours({ ROLLCALL_SESSION_MAX_HOURS: "forever" })).toThrow(/number of hours/);
  });
});
