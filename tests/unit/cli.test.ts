// The CLI as an IT person runs it, on a real database in a temporary data folder: in this process
// (the code loads once), and as real processes where the process itself matters (first run, exit
// codes, a run that talks to a mail server).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { format } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createPrismaClient } from "@/lib/db";
import { startSmtp } from "../support/smtp";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-cli-"));
const FACES = path.resolve("tests/fixtures/faces");
// The CLI runs on a pinned clock (lib/clock.ts), never the machine's: a run on any date passes.
const NOW = new Date("2026-11-25T12:00:00Z");
const TODAY = "2026-11-25";
fs.writeFileSync(path.join(dataDir, "test-clock.json"), JSON.stringify({ now: NOW.toISOString() }));
const ENV = {
  ROLLCALL_DATA_DIR: dataDir,
  ROLLCALL_ADMIN_PASSWORD: "cli-admin-password",
  ROLLCALL_TEST_CLOCK: "1",
  ROLLCALL_TIMEZONE: "UTC",
};
// In-process runs read the same settings (this test file has its own process).
Object.assign(process.env, ENV);

/** A run of the CLI in this process (its code loads once): the exit code and what it printed. */
async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const to =
    (sink: string[]) =>
    (...a: unknown[]) =>
      void sink.push(`${format(...a)}\n`);
  const write = (sink: string[]) => (chunk: string | Uint8Array) => sink.push(String(chunk)) > 0;
  const spies = [
    vi.spyOn(console, "log").mockImplementation(to(out)),
    vi.spyOn(console, "info").mockImplementation(to(out)),
    vi.spyOn(console, "error").mockImplementation(to(err)),
    vi.spyOn(console, "warn").mockImplementation(to(err)),
    vi.spyOn(process.stdout, "write").mockImplementation(write(out) as typeof process.stdout.write),
    vi.spyOn(process.stderr, "write").mockImplementation(write(err) as typeof process.stderr.write),
  ];
  try {
    const { main } = await import("@/cli/main");
    const code = await main(args);
    return { code, out: out.join(""), err: err.join("") };
  } finally {
    for (const s of spies) s.mockRestore();
  }
}

/** The CLI as its own process, as an IT person's script runs it (a few runs: each loads everything). */
function cliProcess(env: Record<string, string>, ...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "cli/index.ts", ...args], {
    env: { ...process.env, ...ENV, ...env },
  });
  const r = { out: "", err: "" };
  child.stdout.on("data", (d) => (r.out += d));
  child.stderr.on("data", (d) => (r.err += d));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, ...r })));
}

const db = createPrismaClient(`file:${path.join(dataDir, "rollcall.db")}`);
afterAll(async () => {
  await db.$disconnect();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("npm run cli", () => {
  beforeAll(async () => {
    // The first run, as a process: it creates the database and the first admin.
    const first = await cliProcess({}, "import-roster", "tests/fixtures/roster");
    expect(first.code, first.err).toBe(0);
    expect(first.err).toContain("first administrator created");
  }, 120_000);

  it("import-roster imports once and reports no change the second time", async () => {
    const again = await cli("import-roster", "tests/fixtures/roster");
    expect(again.code).toBe(0);
    expect(again.out).toContain("students: 0 new, 0 changed, 0 removed, 8 unchanged");
    expect(again.out).toContain("Nothing to change");
    const bad = await cli("import-roster", "/nonexistent/folder");
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("does not exist");
  });

  it("consent grant, from arguments and from a CSV file, all or nothing", async () => {
    const r = await cli("consent", "grant", "S1001", "u-bernadette");
    expect(r.code).toBe(0);
    expect(r.out).toContain("S1001 Amy Fowler: none → granted");
    const file = path.join(dataDir, "consent.csv");
    fs.writeFileSync(file, "identifier\nS1003\nS1004\n");
    expect((await cli("consent", "grant", "--file", file)).out).toContain("2 changed, 0 unchanged.");
    const unknown = await cli("consent", "grant", "S1005", "NOPE");
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("Unknown student identifier: NOPE. Nothing was changed.");
    expect((await db.student.findUniqueOrThrow({ where: { identifier: "S1005" } })).consentStatus).toBe("NONE");
    expect((await cli("consent", "list")).out.split("\n")[0]).toBe(
      "identifier,sourcedId,givenName,familyName,status,consent,consentDate,recordedBy",
    );
  });

  it("consent import records each row as its consent column says: none changes nothing, a bad value changes nothing", async () => {
    const consentOf = async (identifier: string) => (await db.student.findUniqueOrThrow({ where: { identifier } })).consentStatus;
    const file = path.join(dataDir, "consent-import.csv");
    fs.writeFileSync(file, "\uFEFFStudent ID,Consent\nS1006,granted\nS1007,none\n");
    const dry = await cli("consent", "import", file, "--dry-run");
    expect(dry.code).toBe(0);
    expect(dry.out).toContain("S1006 Raj Koothrappali: none → granted");
    expect(dry.out).toContain("Dry run: 1 would change, 1 unchanged. Nothing was changed.");
    expect(await consentOf("S1006")).toBe("NONE");
    const run = await cli("consent", "import", file);
    expect(run.code).toBe(0);
    expect(run.out).toContain("S1006 Raj Koothrappali: none → granted");
    expect(run.out).toContain("S1007 Sheldon Cooper: none, left as it is (the file says none)");
    expect(run.out).toContain("1 changed, 1 unchanged.");
    expect([await consentOf("S1006"), await consentOf("S1007")]).toEqual(["GRANTED", "NONE"]);
    fs.writeFileSync(file, "identifier,consent\nS1007,granted\nS1008,maybe\n");
    const bad = await cli("consent", "import", file);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(`line 3: Consent "maybe" for S1008 is not understood: write granted, withdrawn or none.`);
    expect(bad.err).toContain("nothing was changed");
    // Granting everyone listed would ignore the column: refused.
    expect((await cli("consent", "grant", "--file", file)).err).toContain("has a consent column");
    expect(await consentOf("S1007")).toBe("NONE");
  });

  it("import-photos enrolls consenting students, refuses the others by name, stores nothing for them and exits 1", async () => {
    const folder = path.join(dataDir, "photos");
    fs.mkdirSync(path.join(folder, "S1002"), { recursive: true });
    for (const i of [1, 2]) fs.copyFileSync(path.join(FACES, `people/amy/amy${i}.png`), path.join(folder, `S1001_${i}.png`));
    fs.copyFileSync(path.join(FACES, "people/bernadette/bernadette1.png"), path.join(folder, "S1002", "front.png"));
    fs.copyFileSync(path.join(FACES, "people/penny/penny1.png"), path.join(folder, "S1005.png")); // no consent
    fs.copyFileSync(path.join(FACES, "groups/bbt3.jpg"), path.join(folder, "S1003.jpg")); // a group photo
    const r = await cli("import-photos", folder);
    expect(r.code).toBe(1);
    expect(r.out).toContain("S1005.png\tS1005\tno consent\tPenny Teller has no recorded consent: nothing stored");
    expect(r.out).toContain("S1003.jpg\tS1003\trejected\tMore than one face.");
    expect(r.out).toMatch(/Summary: 3 enrolled, 0 already enrolled, 1 rejected, 0 unknown identifier, 1 no consent/);
    const penny = await db.student.findUniqueOrThrow({
      where: { identifier: "S1005" },
      include: { _count: { select: { photos: true, templates: true } } },
    });
    expect(penny._count).toEqual({ photos: 0, templates: 0 });
    expect(await db.faceTemplate.count({ where: { student: { identifier: "S1001" } } })).toBe(2);

    // Running it again stores nothing twice.
    const again = await cli("import-photos", path.join(folder, "S1002"));
    expect(again.out).toContain("already enrolled");
    expect(await db.faceTemplate.count({ where: { student: { identifier: "S1002" } } })).toBe(1);
  }, 240_000);

  it("reshoot-list prints who needs a new photo and why as CSV; an unknown class exits 1", async () => {
    const r = await cli("reshoot-list");
    expect(r.code).toBe(0);
    const lines = r.out.trim().split("\n");
    expect(lines[0]).toBe("identifier,givenName,familyName,classes,reason");
    expect(lines.find((l) => l.startsWith('"S1002"'))).toContain('"only one photo: add another"'); // one photo enrolled above
    expect(lines.some((l) => l.startsWith('"S1005"'))).toBe(false); // no consent: no photo may be taken
    const none = await cli("reshoot-list", "--class", "NOPE");
    expect(none.code).toBe(1);
    expect(none.err).toContain('No class with code "NOPE".');
  });

  it("send-notices: a dry run writes nothing; without mail the notice waits; with mail it is sent", async () => {
    // Today's closed session of PHYS-8A, Amy unexcused; her guardian Pat has an email.
    await db.schoolSettings.update({ where: { id: 1 }, data: { noticeDelayMinutes: 0 } });
    const today = TODAY;
    const amy = await db.student.findUniqueOrThrow({ where: { identifier: "S1001" } });
    const phys = await db.class.findUniqueOrThrow({ where: { code: "PHYS-8A" } });
    await db.guardian.create({
      data: { givenName: "Pat", familyName: "Parent", email: "pat@family.test", students: { create: { studentId: amy.id } } },
    });
    const startsAt = new Date(NOW.getTime() - 3 * 3600_000);
    const session = await db.classSession.create({
      data: { classId: phys.id, date: today, startsAt, endsAt: startsAt, tardyAt: startsAt, status: "CLOSED", closedAt: startsAt },
    });
    await db.attendanceRecord.create({
      data: { sessionId: session.id, studentId: amy.id, status: "UNEXCUSED_ABSENCE", markedAt: startsAt, method: "SYSTEM" },
    });

    const dry = await cli("send-notices", "--dry-run");
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/^would queue  Pat Parent <pat@family\.test> about Amy Fowler: \d\d:\d\d PHYS-8A Unexcused absence$/m);
    expect(dry.out).toContain(`Dry run for ${today}: 1 notice would be queued, 0 queued notices due now. Nothing was written or sent.`);
    expect(dry.err).toContain("Mail is not configured (ROLLCALL_SMTP_URL is not set). Nothing would be sent.");
    expect(await db.notice.count()).toBe(0);

    const unsent = await cli("send-notices");
    expect(unsent.code).toBe(0);
    expect(unsent.out).toBe(`Notices for ${today}: 1 queued; 0 sent, 0 failed, 0 to retry, 0 cancelled; 1 waiting in the outbox.\n`);
    expect(unsent.err).toContain("Notices stay in the outbox");

    const smtp = await startSmtp();
    try {
      const mail = { ROLLCALL_SMTP_URL: smtp.url, ROLLCALL_MAIL_FROM: "office@school.test" };
      const sent = await cliProcess(mail, "send-notices", "--date", today);
      expect(sent.code, sent.err).toBe(0);
      expect(sent.out).toContain(`sent       Pat Parent <pat@family.test> about Amy Fowler (${today})`);
      expect(sent.out).toContain(`Notices for ${today}: 0 queued; 1 sent, 0 failed, 0 to retry, 0 cancelled; 0 waiting in the outbox.`);
      await smtp.waitFor(1);
      expect(smtp.delivered[0].envelopeTo).toEqual(["pat@family.test"]);
      expect((await cliProcess(mail, "send-notices")).out).toContain("0 sent"); // once
    } finally {
      await smtp.close();
    }
    expect(await cli("send-notices", "--date", "30.11.2026")).toMatchObject({
      code: 2,
      err: expect.stringContaining("--date must be a date as YYYY-MM-DD"),
    });
    expect(await cli("send-notices", "--date", "2999-01-01")).toMatchObject({ code: 1, err: expect.stringContaining("is in the future") });
  }, 120_000);

  it("liveness sets the head-turn check for the school or a class and prints the setting in force", async () => {
    expect(await cli("liveness", "head-turn")).toMatchObject({ code: 0, out: "School default liveness check: head turn\n" });
    expect(await cli("liveness", "off", "--class", "PHYS-8A")).toMatchObject({ code: 0, out: "Liveness check for PHYS-8A: off\n" });
    expect((await cli("liveness", "school-default", "--class", "PHYS-8A")).out).toBe(
      "Liveness check for PHYS-8A: head turn (the school default)\n",
    );
    expect((await db.class.findUniqueOrThrow({ where: { code: "PHYS-8A" } })).liveness).toBeNull();
    expect(await cli("liveness", "off")).toMatchObject({ code: 0, out: "School default liveness check: off\n" });
    expect(await cli("liveness", "head-turn", "--class", "NOPE")).toMatchObject({ code: 1, err: 'No class with code "NOPE".\n' });
    expect((await cli("liveness", "sometimes")).code).toBe(2);
    expect((await cli("liveness", "school-default")).code).toBe(2);
  }, 60_000);

  it("embed, verify and rules print their documented JSON", async () => {
    const embed = await cli("embed", path.join(FACES, "people/raj/raj1.png"), path.join(dataDir, "missing.png"));
    expect(embed.code).toBe(0);
    const [ok, missing] = embed.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(ok.faces).toHaveLength(1);
    expect(Object.keys(ok.faces[0].box)).toEqual(["x", "y", "width", "height"]);
    expect(ok.faces[0].descriptor).toHaveLength(128);
    expect(missing).toEqual({ file: path.join(dataDir, "missing.png"), error: "file not found" });
    expect((await cli("embed", path.join(dataDir, "missing.png"))).code).toBe(1);

    const same = JSON.parse((await cli("verify", path.join(FACES, "people/raj/raj1.png"), path.join(FACES, "people/raj/raj2.png"))).out);
    expect(same.decision).toBe("match");
    const other = JSON.parse(
      (await cli("verify", path.join(FACES, "people/raj/raj1.png"), path.join(FACES, "people/penny/penny2.png"))).out,
    );
    expect(other).toEqual({ distance: expect.any(Number), decision: "unknown" });
    expect(JSON.parse((await cli("rules")).out)).toEqual({ threshold: 0.5, minMargin: 0.04, framesRequired: 2, framesWindow: 3 });
  }, 120_000);

  it("kiosk-create prints a one-time pairing link for a class", async () => {
    const r = await cli("kiosk-create", "--class", "PHYS-8A");
    expect(r.code).toBe(0);
    expect(r.out.trim()).toMatch(/^http:\/\/localhost:3000\/kiosk\/pair\?code=[A-Z2-9]{10}$/);
    expect(await db.kiosk.count({ where: { class: { code: "PHYS-8A" }, pairingCodeHash: { not: null } } })).toBe(1);
    expect((await cli("kiosk-create", "--class", "NOPE")).err).toContain("No class has the code NOPE.");
  });

  it("export-attendance prints the CSV for a class and range; close-sessions closes ended sessions", async () => {
    const klass = await db.class.findUniqueOrThrow({
      where: { code: "PHYS-8A" },
      include: { enrollments: { include: { student: true } } },
    });
    // An ended session (Monday 2026-11-23 09:00–09:50 UTC, in the past) with one student marked by the kiosk.
    const session = await db.classSession.create({
      data: {
        classId: klass.id,
        date: "2026-11-23",
        startsAt: new Date("2026-11-23T09:00:00Z"),
        endsAt: new Date("2026-11-23T09:50:00Z"),
        tardyAt: new Date("2026-11-23T09:10:00Z"),
      },
    });
    const amy = klass.enrollments.find((e) => e.student.identifier === "S1001")!.student;
    await db.attendanceRecord.create({
      data: {
        sessionId: session.id,
        studentId: amy.id,
        status: "PRESENT",
        markedAt: new Date("2026-11-23T08:57:30Z"),
        method: "FACE",
        matchDistance: 0.4,
      },
    });

    const closed = await cli("close-sessions");
    expect(closed.code).toBe(0);
    expect(closed.out.trim()).toBe(`Closed 1 session; ${klass.enrollments.length - 1} unmarked student records set to Unexcused absence.`);
    expect((await cli("close-sessions")).out.trim()).toBe("Closed 0 sessions; 0 unmarked student records set to Unexcused absence.");

    const r = await cli("export-attendance", "--class", "PHYS-8A", "--from", "2026-11-23", "--to", "2026-11-23");
    expect(r.code).toBe(0);
    const lines = r.out.trim().split("\n");
    expect(lines[0]).toBe(
      "studentUniqueId,studentSourcedId,familyName,givenName,sectionIdentifier,classSourcedId,eventDate,sessionStartTime,attendanceEventCategoryDescriptor,attendanceEventReason,arrivalTime,recordedBy",
    );
    expect(lines).toHaveLength(1 + klass.enrollments.length);
    // Every text cell quoted (a spreadsheet splitting on ";" cannot cut a cell into a formula).
    expect(lines).toContain(
      '"S1001","u-amy","Fowler","Amy","PHYS-8A","c-phys","2026-11-23","09:00:00","uri://ed-fi.org/AttendanceEventCategoryDescriptor#In Attendance","","08:57:30","face"',
    );
    expect((await cli("export-attendance", "--from", "2026-12-01", "--to", "2026-12-31")).out).toBe(`${lines[0]}\n`);
    expect((await cli("export-attendance", "--from", "2026-11-23")).err).toContain("--from and --to are required");
    expect((await cli("export-attendance", "--from", "2026-11-31", "--to", "2026-12-01")).err).toContain("Not a real date.");
    expect((await cli("export-attendance", "--class", "NOPE", "--from", "2026-11-23", "--to", "2026-11-23")).code).toBe(1);
  });

  it("purge lists and deletes what the retention policy no longer allows", async () => {
    // Amy (S1001) has enrolled photos (import-photos above); her enrollment ends 40 days before today.
    const amy = await db.student.findUniqueOrThrow({
      where: { identifier: "S1001" },
      include: { _count: { select: { photos: true, templates: true } } },
    });
    expect(amy._count.templates).toBeGreaterThan(0);
    const ended = new Date(NOW.getTime() - 40 * 86_400_000).toISOString().slice(0, 10);
    await db.enrollment.updateMany({ where: { studentId: amy.id }, data: { endDate: ended } });
    const line = `S1001 Amy Fowler: ${amy._count.photos} photo${amy._count.photos === 1 ? "" : "s"}, ${amy._count.templates} template${amy._count.templates === 1 ? "" : "s"} (unenrolled since ${ended})`;
    const dry = await cli("purge", "--dry-run");
    expect(dry.code).toBe(0);
    expect(dry.out).toContain(line);
    expect(dry.out).toContain("Would purge 1 student:");
    expect(await db.faceTemplate.count({ where: { studentId: amy.id } })).toBe(amy._count.templates);
    const real = await cli("purge");
    expect(real.out).toContain(`Purged 1 student: ${amy._count.photos} photo`);
    expect(await db.faceTemplate.count({ where: { studentId: amy.id } })).toBe(0);
    expect(await db.auditLog.count({ where: { action: "biometrics.purge", actorLabel: "cli", targetId: amy.id } })).toBe(1);
    expect((await cli("purge", "--dry-run")).out.trim()).toBe("Would purge 0 students: 0 photos, 0 templates.");
  });

  it("backup makes a consistent copy", async () => {
    const file = path.join(dataDir, "backup.db");
    expect((await cli("backup", file)).code).toBe(0);
    expect(fs.statSync(file).size).toBeGreaterThan(0);
    expect((await cli("backup", file)).code).toBe(1); // never overwrites
  });

  it("backup --dir names copies by time and keeps the newest N", async () => {
    const dir = path.join(dataDir, "backups");
    fs.mkdirSync(dir);
    // Three earlier nightly copies, a foreign file and a copy cut short: only the copies rotate.
    for (const name of [
      "rollcall-20261101-020000.db",
      "rollcall-20261102-020000.db",
      "rollcall-20261103-020000.db",
      "notes.txt",
      "rollcall-20261104-020000.db.partial",
    ])
      fs.writeFileSync(path.join(dir, name), "x");
    const run = await cli("backup", "--dir", dir, "--keep", "2");
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/removed 2 older, keeping 2 of at most 2/);
    const left = fs.readdirSync(dir).sort();
    expect(left.filter((f) => f.endsWith(".db"))).toEqual([
      "rollcall-20261103-020000.db",
      expect.stringMatching(/^rollcall-\d{8}-\d{6}\.db$/),
    ]);
    expect(left).toContain("notes.txt");
    expect(left.some((f) => f.endsWith(".partial"))).toBe(false);
    const copy = createPrismaClient(
      `file:${path.join(
        dir,
        left.find((f) => f.endsWith(".db") && !f.startsWith("rollcall-20261103"))!,
      )}`,
    );
    expect(await copy.student.count()).toBe(await db.student.count()); // a real, readable database
    await copy.$disconnect();
    expect((await cli("backup", "--dir", dir, "--keep", "0")).err).toContain("--keep must be a whole number");
    expect((await cli("backup", "--keep", "3")).code).toBe(2);
  });
});
