// Guardian notices end to end: the roster brings guardians (shown on the student page), an admin
// sets the school's notice settings in the browser, a session closes with two unexcused
// students, and the running server's own minute job emails each of their guardians through a
// real SMTP server (smtp-server on 127.0.0.1): the right class, nobody else. The Notices page
// lists them; a refused recipient shows the server's reason; the opt-out link works once.
import path from "node:path";
import { expect, test } from "@playwright/test";
import { ADMIN, TEACHER, setServerClock, testDb } from "./fixtures";
import { signIn } from "./helpers";
import { startSmtp, type TestSmtp } from "../support/smtp";
import { E2E_SMTP_PORT } from "../../playwright.config";

const ROSTER = path.resolve("tests/fixtures/roster-guardians");
// Wednesday 9 December 2026 (UTC): FAM-1 meets 09:00–09:50; the clock stands at 09:55.
const DATE = "2026-12-09";
const AFTER_CLASS = "2026-12-09T09:55:00Z";

test.describe.configure({ mode: "serial", timeout: 240_000 });

let smtp: TestSmtp;
test.beforeAll(async () => {
  smtp = await startSmtp({}, E2E_SMTP_PORT);
});
test.afterAll(async () => {
  setServerClock(null);
  await smtp?.close();
});

test("guardians from the roster, a closed session, one email per guardian, the outbox, opt-out", async ({ page, browser }) => {
  const db = testDb();
  await signIn(page, ADMIN);

  // 1. The roster's parents, guardians and relatives, with their links.
  await page.goto("/admin/import");
  await page.getByLabel(/OneRoster files/).setInputFiles(["users.csv", "classes.csv", "enrollments.csv"].map((f) => path.join(ROSTER, f)));
  await page.getByRole("button", { name: "Preview changes" }).click();
  await expect(page.getByRole("row", { name: /Guardians 5 0 0 0/ })).toBeVisible();
  await expect(page.getByRole("row", { name: /Guardian links 6 0 0 0/ })).toBeVisible();
  await page.getByRole("button", { name: "Apply all changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Imported \d+ changes/ })).toBeVisible();

  const amy = await db.student.findUniqueOrThrow({ where: { sourcedId: "u-amy" } });
  await page.goto(`/admin/students/${amy.id}`);
  const guardians = page.getByTestId("guardians");
  await expect(guardians).toContainText("Ann Fowler · ann.fowler@family.test · language en · from the roster");
  // By hand: a malformed email is refused with the field marked and what was typed kept.
  const add = page.locator("details", { hasText: "Add a guardian" });
  await add.getByText("Add a guardian").click();
  await add.getByLabel("Given name").fill("Grandpa");
  await add.getByLabel("Family name").fill("Fowler");
  await add.getByLabel(/^Email/).fill("grandpa-at-home");
  await add.getByRole("button", { name: "Add guardian" }).click();
  await expect(add.getByText("Enter an email address such as parent@example.org, or leave it empty.")).toBeVisible();
  await expect(add.getByLabel(/^Email/)).toHaveAttribute("aria-invalid", "true");
  await expect(add.getByLabel(/^Email/)).toHaveValue("grandpa-at-home");
  await expect(add.getByLabel("Given name")).toHaveValue("Grandpa");
  await add.getByLabel(/^Email/).fill("grandpa@family.test");
  await add.getByRole("button", { name: "Add guardian" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Added Grandpa Fowler." })).toBeVisible();
  await expect(guardians).toContainText("Grandpa Fowler · grandpa@family.test · added by hand");

  // 2. The school's settings: no wait after closing (the default waits 15 minutes for corrections).
  await page.goto("/admin/notices");
  await expect(page.getByRole("status").filter({ hasText: `Mail goes out through smtp://127.0.0.1:${E2E_SMTP_PORT}` })).toBeVisible();
  await page.getByLabel("Wait after a session closes, for corrections (minutes)").fill("0");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Notice settings saved." })).toBeVisible();
  // The wording's preview follows the typing; an unknown placeholder is refused.
  await page.getByLabel("Subject").fill("Absence: {{pupil}}");
  await expect(page.getByTestId("notice-preview")).toContainText("Subject: Absence:");
  await page.getByRole("button", { name: "Save wording" }).click();
  await expect(page.getByText(/Unknown placeholder \{\{pupil\}\}/)).toBeVisible();
  await page.getByLabel("Subject").fill("Absence today: {{student}}");
  await page.getByRole("button", { name: "Save wording" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Wording saved" })).toBeVisible();

  // 3. A session that ended: Amy and Bernadette never came, Howard did. Rostenkowski is a
  //    parent of Bernadette and Howard: told about Bernadette only. Their server refuses Grandpa.
  smtp.options.refuse = (address) => (address === "grandpa@family.test" ? "550 5.1.1 Mailbox unavailable" : null);
  const [bernadette, howard] = await Promise.all(
    ["u-bernadette", "u-howard"].map((s) => db.student.findUniqueOrThrow({ where: { sourcedId: s } })),
  );
  const tess = await db.user.findUniqueOrThrow({ where: { email: TEACHER.email } });
  const fam = await db.class.create({
    data: {
      code: "FAM-1",
      title: "Family Science",
      meetings: { create: { weekday: 3, startMinute: 540, endMinute: 590 } },
      teachers: { create: { userId: tess.id } },
      enrollments: { create: [amy, bernadette, howard].map((s) => ({ studentId: s.id })) },
    },
  });
  const session = await db.classSession.create({
    data: {
      classId: fam.id,
      date: DATE,
      startsAt: new Date("2026-12-09T09:00:00Z"),
      endsAt: new Date("2026-12-09T09:50:00Z"),
      tardyAt: new Date("2026-12-09T09:10:00Z"),
    },
  });
  await db.attendanceRecord.create({
    data: { sessionId: session.id, studentId: howard.id, status: "PRESENT", markedAt: new Date("2026-12-09T08:58:00Z"), method: "FACE" },
  });
  setServerClock(AFTER_CLASS);

  // The server closes the session and sends on its own, within its minute jobs.
  await smtp.waitFor(2, 150_000);
  await expect.poll(() => db.notice.count({ where: { date: DATE, status: "PENDING", attempts: 1 } }), { timeout: 20_000 }).toBe(1);
  const to = smtp.delivered.map((m) => m.envelopeTo[0]).sort();
  expect(to).toEqual(["ann.fowler@family.test", "rostenkowski@family.test"]);
  const toRosten = smtp.delivered.find((m) => m.envelopeTo[0] === "rostenkowski@family.test")!;
  expect(toRosten.subject).toBe("Absence today: Bernadette Rostenkowski");
  expect(toRosten.text).toContain("- 09:00 FAM-1 Family Science: Unexcused absence");
  expect(toRosten.text).not.toContain("Howard");
  expect(toRosten.text).not.toContain("Amy");

  // 4. The outbox: two sent, one waiting for its second try with the server's reason.
  await page.goto(`/admin/notices?date=${DATE}`);
  const table = page.getByTestId("notices");
  await expect(table.getByRole("row").filter({ hasText: "Bernadette Rostenkowski" })).toContainText("Sent");
  await expect(table.getByRole("row").filter({ hasText: "Grandpa Fowler" })).toContainText(
    /Waiting\s*tries again at 09:56 \(try 2\) \(last try: 550 5\.1\.1 Mailbox unavailable\)/,
  );

  await page.screenshot({ path: "test-results/notices.png", fullPage: true });

  // 5. The family's opt-out link, opened without signing in: once, then "already".
  const link = /http:\/\/127\.0\.0\.1:\d+\/notices\/opt-out\?token=\S+/.exec(String(toRosten.text))![0];
  const family = await browser.newPage();
  await family.setViewportSize({ width: 390, height: 844 }); // a phone, where families read mail
  await family.goto(link);
  await family.screenshot({ path: "test-results/opt-out-phone.png" });
  await family.getByRole("button", { name: "Stop absence emails" }).click();
  await expect(family.getByRole("status")).toHaveText("Done: you will get no more absence emails from the school.");
  await family.goto(link);
  await family.getByRole("button", { name: "Stop absence emails" }).click();
  await expect(family.getByRole("status")).toHaveText("You had already stopped these emails: you will get no more.");
  await family.goto(link.replace(/token=\S{4}/, "token=xxxx"));
  await expect(family.getByRole("alert").filter({ hasText: "This link is not valid." })).toBeVisible();
  await family.close();
  await page.goto(`/admin/students/${bernadette.id}`);
  await expect(page.getByText(/Opted out of notices on 2026-12-09/)).toBeVisible();

  // 6. On a phone: nothing wider than the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  for (const url of [`/admin/students/${bernadette.id}`, `/admin/notices?date=${DATE}`]) {
    await page.goto(url);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), url).toBe(true);
    await page.screenshot({ path: `test-results/${url.includes("notices") ? "notices" : "student-guardians"}-phone.png`, fullPage: true });
  }
  await db.$disconnect();
});

test("the wording's preview writes class times the school's way (12-hour here)", async ({ page }) => {
  const db = testDb();
  await db.schoolSettings.update({ where: { id: 1 }, data: { timeFormat: "12h" } });
  try {
    await signIn(page, ADMIN);
    await page.goto("/admin/notices");
    await expect(page.getByTestId("notice-preview")).toContainText("8:00 AM MATH-7B Mathematics");
    await expect(page.getByTestId("notice-preview")).not.toContainText("08:00");
  } finally {
    await db.schoolSettings.update({ where: { id: 1 }, data: { timeFormat: "24h" } });
    await db.$disconnect();
  }
});
