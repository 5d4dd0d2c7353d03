// Issue 6's acceptance in the browser: a teacher reviews a session, corrects a face
// check-in with a reason (the audit trail shows it), takes roll call for a class of 30,
// closes a session (the rest become absent); another teacher reaches none of it, by URL
// or by calling the server action with a guessed id.
import { expect, test } from "@playwright/test";
import { sessionFor } from "@/lib/attendance/session";
import { OTHER_TEACHER, TEACHER, setServerClock, testDb } from "./fixtures";
import { signIn } from "./helpers";

// Tuesday 1 December 2026, 10:05 UTC (the e2e school's time zone is UTC).
const TUESDAY_1005 = "2026-12-01T10:05:00Z";
const BIG = "BIO-7"; // 30 students, Tuesdays 10:00–10:50
const SMALL = "GEO-7"; // 5 students, Tuesdays 10:00–10:50
const OTTO = "MUS-7"; // Otto's class, 2 students, Tuesdays 10:00–11:50
const REST = "ART-7"; // 4 students, Tuesdays 10:00–10:50: everyone else present, and its undo

test.describe.configure({ mode: "serial", timeout: 120_000 });

const ids: { bigSession: string; ottoSession: string; bigClass: string; firstStudent: string; ottoStudent: string } = {
  bigSession: "",
  ottoSession: "",
  bigClass: "",
  firstStudent: "",
  ottoStudent: "",
};

test.beforeAll(async () => {
  setServerClock(TUESDAY_1005);
  const db = testDb();
  const tess = await db.user.findUniqueOrThrow({ where: { email: TEACHER.email } });
  const otto = await db.user.findUniqueOrThrow({ where: { email: OTHER_TEACHER.email } });
  const makeClass = async (code: string, teacherId: string, n: number, prefix: string, endMinute = 650) => {
    const klass = await db.class.create({
      data: {
        code,
        title: `${code} class`,
        meetings: { create: { weekday: 2, startMinute: 600, endMinute } },
        teachers: { create: { userId: teacherId } },
      },
    });
    const students = [];
    for (let i = 1; i <= n; i++) {
      const s = await db.student.create({
        data: {
          identifier: `${prefix}${String(i).padStart(2, "0")}`,
          givenName: `Kid${String(i).padStart(2, "0")}`,
          familyName: `${code.slice(0, 3)}son`,
        },
      });
      await db.enrollment.create({ data: { classId: klass.id, studentId: s.id } });
      students.push(s);
    }
    return { klass, students };
  };
  const big = await makeClass(BIG, tess.id, 30, "B");
  await makeClass(SMALL, tess.id, 5, "G");
  await makeClass(REST, tess.id, 4, "A");
  const mus = await makeClass(OTTO, otto.id, 2, "M", 710); // runs to 11:50: still open when BIO-7 ends
  // The kiosk recognised the first student of BIO-7 at 10:01 (the kiosk itself is tested in kiosk.spec.ts).
  const settings = {
    classId: big.klass.id,
    date: "2026-12-01",
    startsAt: new Date("2026-12-01T10:00:00Z"),
    endsAt: new Date("2026-12-01T10:50:00Z"),
    tardyAt: new Date("2026-12-01T10:10:00Z"),
  };
  const session = await sessionFor(db, settings);
  await db.attendanceRecord.create({
    data: {
      sessionId: session.id,
      studentId: big.students[0].id,
      status: "PRESENT",
      markedAt: new Date("2026-12-01T10:01:00Z"),
      method: "FACE",
      matchDistance: 0.38,
    },
  });
  const ottoSession = await sessionFor(db, { ...settings, classId: mus.klass.id, endsAt: new Date("2026-12-01T11:50:00Z") });
  Object.assign(ids, {
    bigSession: session.id,
    bigClass: big.klass.id,
    firstStudent: big.students[0].id,
    ottoSession: ottoSession.id,
    ottoStudent: mus.students[0].id,
  });
  await db.$disconnect();
});
test.afterAll(() => setServerClock(null));

async function counts(sessionId: string) {
  const db = testDb();
  const rows = await db.attendanceRecord.groupBy({ by: ["status", "method"], where: { sessionId }, _count: true });
  await db.$disconnect();
  return Object.fromEntries(rows.map((r) => [`${r.status}/${r.method}`, r._count]));
}

test("the teacher's day lists today's sessions with counts", async ({ page }) => {
  await signIn(page, TEACHER);
  await page.goto("/teacher");
  const bio = page.getByTestId("today-row").filter({ hasText: BIG });
  await expect(bio).toContainText("Open");
  await expect(bio.getByRole("cell")).toHaveText(["10:00–10:50", `${BIG} ${BIG} class`, "Open", "1", "0", "0", "29", /Review/]);
  await expect(page.getByTestId("today-row").filter({ hasText: SMALL })).toContainText("Not started");
  await expect(page.getByTestId("today-row").filter({ hasText: OTTO })).toHaveCount(0);
});

test("a teacher corrects a face check-in to Excused with a reason, and the audit trail shows it", async ({ page }) => {
  await signIn(page, TEACHER);
  await page.goto("/teacher");
  await page.getByRole("link", { name: `Review ${BIG}` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`${BIG} ${BIG} class: Tue, 1 Dec 2026, 10:00–10:50`);
  await expect(page).toHaveTitle(`Session: ${BIG}, Tue 1 Dec 10:00 · Rollcall`);
  const row = page.getByTestId("session-row").filter({ hasText: "Kid01 BIOson" });
  await expect(row).toContainText("Present");
  await expect(row).toContainText("high confidence");
  await expect(row).toContainText("10:01");
  await row.getByText("Change").click();
  await row
    .getByRole("group", { name: "New status for Kid01 BIOson" })
    .getByRole("radio", { name: "Excused absence", exact: true })
    .check();
  await row.getByLabel("Reason (required)").fill("Dentist appointment, note from parent");
  await row.getByRole("button", { name: "Save" }).click();
  await expect(row.getByRole("status")).toHaveText("Kid01 BIOson: Present → Excused absence.");
  // The form still open shows the status just saved, not the one it opened with.
  await expect(
    row.getByRole("group", { name: "New status for Kid01 BIOson" }).getByRole("radio", { name: "Excused absence", exact: true }),
  ).toBeChecked();
  await page.reload();
  const after = page.getByTestId("session-row").filter({ hasText: "Kid01 BIOson" });
  await expect(after).toContainText("Excused absence");
  await after.getByText("History (1)").click();
  await expect(after.getByTestId("history-entry")).toHaveText(
    /Tess Teacher: Present → Excused absence\. Reason: Dentist appointment, note from parent/,
  );
  expect(await counts(ids.bigSession)).toEqual({ "EXCUSED_ABSENCE/FACE": 1 });
  const db = testDb();
  // This session's records only: other specs (the phone one) correct with the same teacher.
  const records = await db.attendanceRecord.findMany({ where: { sessionId: ids.bigSession }, select: { id: true } });
  const audit = await db.auditLog.findMany({
    where: { action: "attendance.change", actor: { email: TEACHER.email }, targetId: { in: records.map((r) => r.id) } },
  });
  await db.$disconnect();
  expect(audit).toHaveLength(1);
  expect(audit[0]).toMatchObject({
    reason: "Dentist appointment, note from parent",
    before: { status: "PRESENT", method: "FACE" },
    after: { status: "EXCUSED_ABSENCE" },
  });
});

test("the roll-call list takes a full class of 30", async ({ page }) => {
  await signIn(page, TEACHER);
  await page.goto(`/teacher/sessions/${ids.bigSession}`);
  await page.getByRole("link", { name: "Roll call" }).click();
  await expect(page.getByTestId("roll-call-progress")).toHaveText("1 of 30 marked.");
  const started = Date.now();
  // 29 taps: the teacher never waits for the server; focus moves on to the next student.
  for (let i = 2; i <= 30; i++) {
    const name = `Kid${String(i).padStart(2, "0")} BIOson`;
    const choice = i === 7 ? "Tardy" : i === 13 ? "Absent" : "Present";
    await page
      .getByRole("group", { name: `Mark ${name}` })
      .getByRole("button", { name: choice })
      .click();
  }
  await expect(page.getByTestId("roll-call-progress")).toHaveText("30 of 30 marked.");
  console.log(`roll call: 29 taps saved in ${Date.now() - started} ms`);
  await expect(page.getByRole("link", { name: "Done: back to the session" })).toBeFocused();
  expect(await counts(ids.bigSession)).toEqual({
    "EXCUSED_ABSENCE/FACE": 1,
    "PRESENT/MANUAL": 27,
    "TARDY/MANUAL": 1,
    "UNEXCUSED_ABSENCE/MANUAL": 1,
  });
  await page.reload();
  await expect(page.getByTestId("roll-call-progress")).toHaveText("30 of 30 marked.");
});

test("closing a session by hand marks everyone without a record Unexcused absence", async ({ page }) => {
  await signIn(page, TEACHER);
  await page.goto("/teacher");
  await page
    .getByTestId("today-row")
    .filter({ hasText: SMALL })
    .getByRole("button", { name: `Open ${SMALL}` })
    .click();
  await expect(page).toHaveURL(/\/teacher\/sessions\/[^/]+$/);
  const sessionId = page.url().split("/").pop()!;
  const row = page.getByTestId("session-row").filter({ hasText: "Kid02 GEOson" });
  await row.getByText("Mark").click();
  await row.getByRole("button", { name: "Save" }).click();
  await expect(row.getByRole("status")).toHaveText("Kid02 GEOson: Present.");
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "Close session now" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Session closed." })).toHaveText(
    "Session closed. 4 students without a record marked Unexcused absence.",
  );
  await expect(page.getByTestId("session-summary")).toContainText("Closed at 10:05 · Present 1 · Tardy 0 · Absent 4");
  // Nobody left to mark: no button that would do nothing, and why.
  await expect(page.getByTestId("all-marked")).toHaveText("Everyone is marked.");
  await expect(page.getByRole("button", { name: /Mark everyone else/ })).toHaveCount(0);
  expect(await counts(sessionId)).toEqual({ "PRESENT/MANUAL": 1, "UNEXCUSED_ABSENCE/SYSTEM": 4 });
  // The closing's absence, corrected, reads as the teacher's record (not "Session closed").
  const kid3 = page.getByTestId("session-row").filter({ hasText: "Kid03 GEOson" });
  await expect(kid3).toContainText("Session closed");
  await kid3.getByText("Change").click();
  await kid3.getByRole("group", { name: "New status for Kid03 GEOson" }).getByRole("radio", { name: "Present", exact: true }).check();
  await kid3.getByLabel("Reason (required)").fill("Was in the library");
  await kid3.getByRole("button", { name: "Save" }).click();
  await expect(kid3.getByRole("status")).toHaveText("Kid03 GEOson: Unexcused absence → Present.");
  await page.reload();
  await expect(page.getByTestId("session-row").filter({ hasText: "Kid03 GEOson" })).toContainText("Teacher (corrected)");
  await expect(page.getByTestId("session-row").filter({ hasText: "Kid03 GEOson" })).not.toContainText("Session closed");
});

test("everyone else present marks the rest after a confirmation, and one undo reverts the batch", async ({ page }) => {
  await signIn(page, TEACHER);
  await page.goto("/teacher");
  await page
    .getByTestId("today-row")
    .filter({ hasText: REST })
    .getByRole("button", { name: `Open ${REST}` })
    .click();
  await expect(page).toHaveURL(/\/teacher\/sessions\/[^/]+$/);
  const sessionId = page.url().split("/").pop()!;
  const row = (n: number) => page.getByTestId("session-row").filter({ hasText: `Kid0${n} ARTson` });
  await row(2).getByText("Mark").click();
  await row(2).getByRole("group", { name: "New status for Kid02 ARTson" }).getByRole("radio", { name: "Tardy", exact: true }).check();
  await row(2).getByRole("button", { name: "Save" }).click();
  await expect(row(2).getByRole("status")).toHaveText("Kid02 ARTson: Tardy.");
  for (const mark of ["present", "absent"])
    expect((await page.getByRole("button", { name: `Mark everyone else ${mark}` }).boundingBox())!.height).toBeGreaterThanOrEqual(44);

  let asked = "";
  page.once("dialog", (d) => {
    asked = d.message();
    return d.accept();
  });
  await page.getByRole("button", { name: "Mark everyone else present" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Marked 3 students present." })).toBeVisible();
  expect(asked).toBe("Mark 3 students without a record Present? You can undo it afterwards.");
  for (const n of [1, 3, 4]) await expect(row(n).getByRole("cell").nth(3)).toHaveText("Present");
  await expect(row(2).getByRole("cell").nth(3)).toHaveText("Tardy");
  await row(3).getByText("History (1)").click();
  await expect(row(3).getByTestId("history-entry")).toHaveText(/Tess Teacher: Present\. Reason: Teacher marked present/);
  await expect(page.getByTestId("last-batch")).toHaveText("Tess Teacher marked 3 students present at 10:05.");
  expect(await counts(sessionId)).toEqual({ "PRESENT/MANUAL": 3, "TARDY/MANUAL": 1 });
  const undo = page.getByRole("button", { name: "Undo marking 3 students present" });
  // A thumb's worth of button, inside the screen, on a desktop and on a phone.
  for (const [width, height, name] of [
    [1366, 768, "desktop"],
    [390, 844, "phone"],
  ] as const) {
    await page.setViewportSize({ width, height });
    const box = (await undo.boundingBox())!;
    expect(box.height, name).toBeGreaterThanOrEqual(44);
    expect(box.x + box.width, name).toBeLessThanOrEqual(width);
    await page.screenshot({ path: `test-results/everyone-else-${name}.png`, fullPage: true });
  }

  await undo.click();
  await expect(page.getByRole("status").filter({ hasText: "Undone" })).toHaveText("Undone: removed 3 marks.");
  for (const n of [1, 3, 4]) await expect(row(n).getByRole("cell").nth(3)).toHaveText("not yet");
  await expect(row(2).getByRole("cell").nth(3)).toHaveText("Tardy");
  await expect(page.getByTestId("last-batch")).toHaveCount(0);
  expect(await counts(sessionId)).toEqual({ "TARDY/MANUAL": 1 });
  const db = testDb();
  const audit = await db.auditLog.findMany({ where: { targetId: sessionId, action: { startsWith: "attendance.batch" } } });
  await db.$disconnect();
  expect(audit.map((a) => a.action).sort()).toEqual(["attendance.batch", "attendance.batch-undo"]);
});

test("a session closes by itself at the end of the period", async ({ page }) => {
  const db = testDb();
  const bioOpen = await db.classSession.findUniqueOrThrow({ where: { id: ids.bigSession } });
  await db.$disconnect();
  expect(bioOpen.status).toBe("OPEN");
  setServerClock("2026-12-01T10:51:00Z");
  await signIn(page, TEACHER);
  await page.goto("/teacher");
  await expect(page.getByTestId("today-row").filter({ hasText: BIG })).toContainText("Closed");
  // Everyone had a record already: nobody was added.
  expect(Object.values(await counts(ids.bigSession)).reduce((a, b) => a + b, 0)).toBe(30);
  setServerClock(TUESDAY_1005);
});

test("reports: the class report has its chart, and the Ed-Fi export has the session", async ({ page }) => {
  await signIn(page, TEACHER);
  await page.goto(`/reports/classes/${ids.bigClass}?from=2026-11-30&to=2026-12-04`);
  await expect(page.getByTestId("class-total")).toContainText("1 session held · attendance rate 93.3%");
  // One absence in the only session is 100%, but too few sessions to flag anyone (minimum 10).
  const kid13 = page.getByRole("row").filter({ hasText: "Kid13 BIOson" });
  await expect(kid13).toContainText("provisional, 100.0% of 1 session");
  await expect(kid13).not.toContainText("yes,");
  await expect(page.locator(".recharts-bar-rectangle")).toHaveCount(1);
  const res = await page.request.get(`/reports/export/attendance?from=2026-12-01&to=2026-12-01&class=${BIG}`);
  expect(res.status()).toBe(200);
  const lines = (await res.text()).trim().split("\n");
  expect(lines).toHaveLength(31);
  expect(lines[1]).toContain("Excused Absence");
});

test("another teacher cannot open the session, report or export, by URL or by calling the action", async ({ page }) => {
  await signIn(page, OTHER_TEACHER);
  for (const url of [
    `/teacher/sessions/${ids.bigSession}`,
    `/teacher/sessions/${ids.bigSession}/roll-call`,
    `/reports/classes/${ids.bigClass}`,
    `/reports/students/${ids.firstStudent}`,
  ]) {
    const res = await page.goto(url);
    expect(res?.status(), url).toBe(404);
  }
  for (const url of [
    `/reports/export/attendance?from=2026-12-01&to=2026-12-01&class=${BIG}`,
    `/reports/classes/${ids.bigClass}/export?from=2026-12-01&to=2026-12-01`,
    `/reports/students/${ids.firstStudent}/export?from=2026-12-01&to=2026-12-01`,
  ]) {
    expect((await page.request.get(url)).status(), url).toBe(404);
  }
  // Otto's whole-school export holds only his own class.
  const mine = await (await page.request.get("/reports/export/attendance?from=2026-12-01&to=2026-12-01")).text();
  expect(mine).not.toContain(BIG);

  // The server action, called with Tess's ids: Otto submits a change on his own session
  // page and the request is rewritten on the way to carry the ids of Tess's session and student.
  const before = await counts(ids.bigSession);
  await page.goto(`/teacher/sessions/${ids.ottoSession}`);
  await page.route(`**/teacher/sessions/${ids.ottoSession}`, async (route) => {
    const body = route.request().postData();
    if (route.request().method() !== "POST" || !body) return route.continue();
    await route.continue({ postData: body.replaceAll(ids.ottoSession, ids.bigSession).replaceAll(ids.ottoStudent, ids.firstStudent) });
  });
  const row = page.getByTestId("session-row").filter({ hasText: "Kid01 MUSson" });
  await row.getByText("Mark").click();
  await row
    .getByRole("group", { name: "New status for Kid01 MUSson" })
    .getByRole("radio", { name: "Unexcused absence", exact: true })
    .check();
  await row.getByRole("button", { name: "Save" }).click();
  await expect(row.getByRole("alert")).toHaveText("Not found.");
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "Close session now" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Not found." })).toHaveCount(2);
  expect(await counts(ids.bigSession)).toEqual(before);
  const db = testDb();
  expect((await db.classSession.findUniqueOrThrow({ where: { id: ids.ottoSession } })).status).toBe("OPEN");
  await db.$disconnect();
});

test("a lesson not on the schedule is started from Today in one tap", async ({ page }) => {
  await signIn(page, TEACHER);
  await page.goto("/teacher");
  // SCI-8A meets on Mondays only; the server's clock is on another day.
  await page.getByRole("button", { name: "Start a session now of SCI-8A (50 minutes)" }).click();
  await expect(page).toHaveURL(/\/teacher\/sessions\/[^/]+$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("SCI-8A");
  const db = testDb();
  const session = await db.classSession.findFirstOrThrow({ where: { class: { code: "SCI-8A" }, openedById: { not: null } } });
  await db.$disconnect();
  expect((session.endsAt.getTime() - session.startsAt.getTime()) / 60_000).toBe(50);
});
