// Every page, as the people who use it, at desktop and phone size: checked by a real
// accessibility engine (axe-core) for serious and critical violations, and on a phone for a page
// wider than the screen. A new violation anywhere fails the run.
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, TEACHER, setServerClock, testDb } from "./fixtures";
import { axeFindings, signIn } from "./helpers";

// Thursday 10 December 2026, 13:20 UTC: WALK-1 meets 13:00–13:50 and is in session.
const NOW = "2026-12-10T13:20:00Z";
const RANGE = "from=2026-12-01&to=2026-12-31";
const SIZES = [
  { name: "desktop", width: 1366, height: 768 },
  { name: "phone", width: 390, height: 844 },
] as const;

test.describe.configure({ mode: "serial", timeout: 300_000 });

const ids = { classId: "", sessionId: "", studentId: "", quietClassId: "" };

test.beforeAll(async () => {
  setServerClock(NOW);
  const db = testDb();
  const tess = await db.user.findUniqueOrThrow({ where: { email: TEACHER.email } });
  const klass = await db.class.create({
    data: {
      code: "WALK-1",
      title: "Walkthrough",
      room: "W1",
      meetings: { create: { weekday: 4, startMinute: 13 * 60, endMinute: 13 * 60 + 50 } },
      teachers: { create: { userId: tess.id } },
    },
  });
  const students = [];
  for (const [given, family] of [
    ["Wanda", "Walker"],
    ["Wes", "Wong"],
    ["Willa", "Wright"],
  ]) {
    const s = await db.student.create({ data: { identifier: `W-${given}`, givenName: given, familyName: family } });
    await db.enrollment.create({ data: { classId: klass.id, studentId: s.id } });
    students.push(s);
  }
  const startsAt = new Date("2026-12-10T13:00:00Z");
  const session = await db.classSession.create({
    data: { classId: klass.id, date: "2026-12-10", startsAt, endsAt: new Date("2026-12-10T13:50:00Z"), tardyAt: startsAt },
  });
  await db.attendanceRecord.create({
    data: { sessionId: session.id, studentId: students[0].id, status: "PRESENT", markedAt: startsAt, method: "FACE", matchDistance: 0.4 },
  });
  await db.attendanceRecord.create({
    data: { sessionId: session.id, studentId: students[1].id, status: "TARDY", markedAt: new Date("2026-12-10T13:12:00Z"), method: "PIN" },
  });
  // Another class in session that nobody has checked in to yet.
  const quiet = await db.class.create({
    data: {
      code: "WALK-2",
      title: "Quiet room",
      meetings: { create: { weekday: 4, startMinute: 13 * 60, endMinute: 14 * 60 } },
      enrollments: { create: { studentId: students[2].id } },
    },
  });
  Object.assign(ids, { classId: klass.id, sessionId: session.id, studentId: students[0].id, quietClassId: quiet.id });
  await db.$disconnect();
});
test.afterAll(() => setServerClock(null));

const ADMIN_PAGES = () => [
  "/admin",
  "/admin/students",
  `/admin/students/${ids.studentId}`,
  "/admin/classes",
  `/admin/classes/${ids.classId}`,
  "/admin/teachers",
  "/admin/import",
  "/admin/consent",
  "/admin/photos",
  "/admin/kiosks",
  "/admin/face-check",
  "/admin/recognition",
  "/admin/matching",
  "/admin/notices",
  "/admin/settings",
];
const TEACHER_PAGES = () => [
  "/teacher",
  `/teacher/sessions/${ids.sessionId}`,
  `/teacher/sessions/${ids.sessionId}/roll-call`,
  `/teacher/classes/${ids.classId}/live`,
  `/reports?${RANGE}`,
  `/reports/classes/${ids.classId}?${RANGE}`,
  `/reports/students/${ids.studentId}?${RANGE}`,
];
const PUBLIC_PAGES = [
  "/login",
  "/forgot-password",
  "/reset-password?token=not-a-token",
  "/kiosk",
  "/kiosk/pair",
  "/notices/opt-out?token=not-a-token",
];

type Finding = string;

async function check(page: Page, url: string, size: (typeof SIZES)[number], who: string): Promise<Finding[]> {
  await page.setViewportSize({ width: size.width, height: size.height });
  await page.goto(url);
  await page.waitForLoadState("networkidle");
  const findings: Finding[] = await axeFindings(page, `${who} ${size.name} ${url}`);
  if (size.name === "phone") {
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (wide > 0) findings.push(`${who} phone ${url}: the page is ${wide} px wider than the screen`);
  }
  return findings;
}

test("every page, desktop and phone, as admin, teacher and anonymous: no serious accessibility violation, nothing wider than a phone", async ({
  browser,
}) => {
  // Each person at each size side by side (a browser context each): the sweep is the longest test.
  const people = [
    ["admin", ADMIN, ADMIN_PAGES()],
    ["teacher", TEACHER, TEACHER_PAGES()],
    ["anonymous", null, PUBLIC_PAGES],
  ] as const;
  const sweeps = people.flatMap(([who, account, pages]) =>
    SIZES.map(async (size) => {
      const found: Finding[] = [];
      const context = await browser.newContext();
      const page = await context.newPage();
      if (account) await signIn(page, account);
      for (const url of pages) found.push(...(await check(page, url, size, who)));
      await context.close();
      return found;
    }),
  );
  const findings = (await Promise.all(sweeps)).flat();
  expect(findings, findings.join("\n")).toEqual([]);
});

test("the admin's Today: classes in session and which have no attendance yet, kiosks, counts that open their lists", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/admin");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Today");
  await expect(page.getByText(/Thursday, 10 December 2026, 13:20/)).toBeVisible();
  const now = page.getByTestId("in-session");
  await expect(now.getByRole("listitem").filter({ hasText: "WALK-1" })).toContainText("2 of 3 checked in · 1 not yet");
  const quiet = now.getByRole("listitem").filter({ hasText: "WALK-2" });
  await expect(quiet).toContainText("No attendance yet");
  await expect(quiet.getByRole("link", { name: "Arrivals of WALK-2" })).toHaveAttribute(
    "href",
    `/teacher/classes/${ids.quietClassId}/live`,
  );
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.screenshot({ path: "test-results/admin-today.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/admin-today-phone.png", fullPage: true });
  await page.getByRole("link", { name: "Without consent" }).click();
  await expect(page).toHaveURL(/\/admin\/students\?consent=WITHOUT$/);
  // The list is long in the full run (25 a page): search within the filter for this test's student.
  await page.goto("/admin/students?consent=WITHOUT&q=Walker");
  await expect(page.getByRole("row").filter({ hasText: "Walker" })).toBeVisible();
});

test("on a phone, the teacher's correction form is whole and its controls are big enough to tap", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, TEACHER);
  await page.goto(`/teacher/sessions/${ids.sessionId}`);
  const row = page.getByRole("row").filter({ hasText: "Wong" });
  await row.getByText("Change").click();
  const form = row.locator("form");
  await expect(form).toBeVisible();
  for (const control of [
    form.getByRole("group", { name: /New status/ }),
    form.getByLabel(/Reason/),
    form.getByRole("button", { name: /Save/ }),
  ]) {
    await control.scrollIntoViewIfNeeded();
    const box = (await control.boundingBox())!;
    expect(box.x, "inside the screen").toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, "inside the screen").toBeLessThanOrEqual(390);
    expect(box.height, "tall enough to tap").toBeGreaterThanOrEqual(44);
  }
  await form.getByRole("radio", { name: "Excused absence", exact: true }).check();
  await form.getByLabel(/Reason/).fill("Came back from the nurse");
  await form.getByRole("button", { name: /Save/ }).click();
  await expect(
    page
      .getByRole("status")
      .filter({ hasText: /Saved|Changed|Excused/ })
      .first(),
  ).toBeVisible();
  await page.screenshot({ path: "test-results/session-view-phone.png", fullPage: true });
});

test("meeting times from a CSV file: errors by line and nothing written, then the schedule", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/admin/classes");
  const upload = (name: string, text: string) =>
    page.getByLabel("Meeting times (CSV)").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(text) });
  await upload("bad.csv", "classCode,weekdays,start,end\nWALK-2,Fri,09:00,08:00\nNOPE-1,Mon,08:00,08:50\n");
  await page.getByRole("button", { name: "Import meeting times" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "The file has 2 errors: nothing was imported." })).toBeVisible();
  await expect(page.getByText("Line 2: The end (08:00) must be after the start (09:00).")).toBeVisible();
  await expect(page.getByText('Line 3: No active class with the code "NOPE-1".')).toBeVisible();
  await expect(page.getByLabel("Meeting times (CSV)")).toHaveAttribute("aria-invalid", "true");
  await upload("timetable.csv", "classCode,weekdays,start,end\nWALK-2,Mon-Wed,07:00,07:45\n");
  await page.getByRole("button", { name: "Import meeting times" }).click();
  await expect(page.getByRole("status").filter({ hasText: "3 meetings added." })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "WALK-2" })).toContainText("Mon 07:00–07:45, Tue 07:00–07:45, Wed 07:00–07:45");
});
