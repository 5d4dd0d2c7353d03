// The School page: the name, time zone and tardy minutes an admin sets after the first start
// (warned when the zone is not the browser's), and the calendar of days without school, by hand
// and from a CSV. The settings are put back afterwards: the other specs run in UTC.
import { expect, test } from "@playwright/test";
import { ADMIN, testDb } from "./fixtures";
import { signIn } from "./helpers";

test.afterAll(async () => {
  const db = testDb();
  await db.schoolSettings.update({ where: { id: 1 }, data: { timeZone: "UTC", timeFormat: "24h", defaultTardyMinutes: 10 } });
  await db.schoolClosure.deleteMany({ where: { startDate: { gte: "2031-01-01" } } });
  await db.$disconnect();
});

test.use({ timezoneId: "America/New_York" });

test("the School page: name, zone with a warning, tardy minutes; days without school by hand and by CSV", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/admin/settings");
  await expect(page.getByRole("heading", { name: "School", level: 1 })).toBeVisible();
  // The server is in UTC, this browser in New York: the page says so and offers the browser's zone.
  const warning = page.getByTestId("zone-warning");
  await expect(warning).toContainText("This computer is set to America/New York, not UTC.");
  // Blank once trimmed: the browser lets it through, the server refuses it and keeps what was typed.
  await page.getByLabel("School name").fill("   ");
  await page.getByLabel("Minutes after the start until a student is tardy").fill("12");
  await page.getByRole("button", { name: "Save school settings" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Check the highlighted fields." })).toBeVisible();
  await expect(page.getByText("Enter the school's name: families see it in every email.")).toBeVisible();
  await expect(page.getByLabel("Minutes after the start until a student is tardy")).toHaveValue("12"); // typed values stay
  await page.getByLabel("School name").fill("Lincoln Middle School");
  await page.getByLabel("Minutes after the start until a student is tardy").fill("7");
  await page.getByLabel("Times are written").selectOption("12h");
  await warning.getByRole("button", { name: "Use America/New York" }).click();
  await expect(warning).toBeHidden();
  await page.getByRole("button", { name: "Save school settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "School settings saved." })).toContainText(
    "Meeting times are now read in America/New_York.",
  );
  const db = testDb();
  expect(await db.schoolSettings.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({
    name: "Lincoln Middle School",
    timeZone: "America/New_York",
    timeFormat: "12h",
    defaultTardyMinutes: 7,
  });
  // The form shows what was saved (not the values the page first loaded with), so a second save,
  // a typo fixed in the name, keeps the new zone and format.
  await expect(page.getByLabel("Time zone", { exact: true })).toHaveValue("America/New_York");
  await expect(page.getByLabel("Times are written")).toHaveValue("12h");
  await page.getByLabel("School name").fill("Lincoln Middle School.");
  await page.getByRole("button", { name: "Save school settings" }).click();
  // The first save's message is still on screen: wait for the database, not the message.
  await expect
    .poll(() => db.schoolSettings.findUniqueOrThrow({ where: { id: 1 } }), { timeout: 10_000 })
    .toMatchObject({ name: "Lincoln Middle School.", timeZone: "America/New_York", timeFormat: "12h" });
  // Today's header now tells the time the school's way.
  await page.goto("/admin");
  await expect(page.locator("#main p").first()).toContainText(/\d{1,2}:\d\d (AM|PM)$/);
  await page.goto("/admin/settings");

  // A holiday by hand, then the year's calendar from a file (one bad line: nothing added).
  await page.getByLabel("First day").fill("2031-11-27");
  await page.getByLabel("Reason").fill("Thanksgiving");
  await page.getByRole("button", { name: "Add days without school" }).click();
  await expect(page.getByRole("status").filter({ hasText: "No school on Thu, 27 Nov 2031 (Thanksgiving)." })).toBeVisible();
  const file = (text: string) => ({ name: "calendar.csv", mimeType: "text/csv", buffer: Buffer.from(text) });
  await page.getByLabel("Calendar (CSV)").setInputFiles(file("date,reason\n2031-12-22,2032-01-02,Winter break\n2031-13-01,Nope\n"));
  await page.getByRole("button", { name: "Import calendar" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Nothing was added." })).toBeVisible();
  await expect(page.getByText("Line 3: Not a real date.")).toBeVisible();
  await page.getByLabel("Calendar (CSV)").setInputFiles(file("date,reason\n2031-12-22,2032-01-02,Winter break\n"));
  await page.getByRole("button", { name: "Import calendar" }).click();
  await expect(page.getByRole("status").filter({ hasText: "1 entry added, 0 already in the calendar." })).toBeVisible();
  await expect(page.getByTestId("closure")).toHaveText([
    /Thanksgiving: Thu, 27 Nov 2031/,
    /Winter break: Mon, 22 Dec 2031 – Fri, 2 Jan 2032/,
  ]);
  expect(await db.auditLog.count({ where: { action: { in: ["settings.school", "calendar.closure.add"] } } })).toBeGreaterThanOrEqual(3);
  await db.$disconnect();
  await page.screenshot({ path: "test-results/school-desktop.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: "test-results/school-phone.png", fullPage: true });
});
