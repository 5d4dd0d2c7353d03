// Issue 4's acceptance: from a OneRoster export to a class with enrolled faces, as an admin
// does it in the browser, with real photos and the real face models.
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { zipSync } from "fflate";
import { ADMIN, testDb } from "./fixtures";
import { signIn } from "./helpers";

const FACES = path.resolve("tests/fixtures/faces");
const ROSTER = path.resolve("tests/fixtures/roster");
const IDS: Record<string, string> = {
  amy: "S1001",
  bernadette: "S1002",
  howard: "S1003",
  leonard: "S1004",
  penny: "S1005",
  raj: "S1006",
  sheldon: "S1007",
  stuart: "S1008",
};

test.describe.configure({ mode: "serial", timeout: 300_000 });

test("import, consent, enroll photos, bulk import, refuse without consent, withdraw", async ({ page }) => {
  const db = testDb();
  await signIn(page, ADMIN);

  // 1. Roster: preview, then apply, on a phone: the tables keep to the screen's width.
  const desktop = page.viewportSize()!;
  await page.setViewportSize({ width: 390, height: 844 });
  const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
  await page.goto("/admin/import");
  await page.getByLabel(/OneRoster files/).setInputFiles(["users.csv", "classes.csv", "enrollments.csv"].map((f) => path.join(ROSTER, f)));
  await page.getByRole("button", { name: "Preview changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Check the changes" })).toBeVisible();
  await expect(page.getByRole("row", { name: /Students 8 0 0 0/ })).toBeVisible();
  expect(await pageWidth()).toBeLessThanOrEqual(390);
  expect(await db.student.count({ where: { sourcedId: { startsWith: "u-" } } })).toBe(0);
  await page.getByRole("button", { name: "Apply all changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Imported \d+ changes/ })).toBeVisible();
  expect(await pageWidth()).toBeLessThanOrEqual(390);
  await page.setViewportSize(desktop);
  expect(await db.enrollment.count({ where: { class: { code: "PHYS-8A" } } })).toBe(8);
  // The same export again: nothing to change, and nothing to apply.
  await page.getByRole("button", { name: "Preview changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Nothing to change: Rollcall already matches this export." })).toBeVisible();
  await expect(page.getByRole("button", { name: "Apply all changes" })).toHaveCount(0);

  // 2. Consent from a CSV of paper forms: everyone but Stuart.
  await page.goto("/admin/consent");
  const csv =
    "identifier\n" +
    Object.values(IDS)
      .filter((id) => id !== "S1008")
      .join("\n") +
    "\n";
  await page.getByLabel(/^Consent CSV/).setInputFiles({ name: "consent.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByLabel(/^Consent granted for every student listed/).check();
  await page.getByRole("button", { name: "Preview changes" }).click();
  await expect(page.getByTestId("consent-plan")).toContainText("Would change: 7 students; unchanged: 0");
  await page.getByRole("button", { name: "Apply 7 changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "7 changed" })).toBeVisible();

  // 3. Photos on Amy's page: a tight crop accepted, a group photo and a non-image rejected.
  await page.goto("/admin/students?q=S1001");
  await page.getByRole("link", { name: /Fowler, Amy/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "Ready." })).toBeVisible({ timeout: 120_000 });
  // What is enforced (lib/face/quality.ts): 80 px at least, 100 or more best.
  await expect(page.getByText(/at least 80 pixels wide \(100 or more recognises best/)).toBeVisible();
  const photos = page.getByLabel(/^Photos \(choose files/);
  await photos.setInputFiles(path.join(FACES, "people/amy/amy1.png"));
  await expect(page.getByTestId("photo-result").first()).toHaveText("Enrolled.", { timeout: 60_000 });
  await photos.setInputFiles(path.join(FACES, "groups/bbt4.jpg"));
  await expect(page.getByTestId("photo-result").first()).toHaveText(/More than one face/, { timeout: 60_000 });
  await photos.setInputFiles({ name: "notes.jpg", mimeType: "image/jpeg", buffer: Buffer.from("not an image\n") });
  await expect(page.getByTestId("photo-result").first()).toHaveText(/Not a readable image/, { timeout: 60_000 });
  await expect(page.getByRole("img", { name: /Enrolled photo 1 of Amy Fowler/ })).toBeVisible();
  const amy = await db.student.findUniqueOrThrow({ where: { identifier: "S1001" } });
  expect(await db.faceTemplate.count({ where: { studentId: amy.id } })).toBe(1);

  // Amy's face offered for Bernadette: a look-alike warning, whose safe answer is the primary button.
  await page.goto("/admin/students?q=S1002");
  await page.getByRole("link", { name: /Bernadette/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "Ready." })).toBeVisible({ timeout: 120_000 });
  await page.getByLabel(/^Photos \(choose files/).setInputFiles(path.join(FACES, "people/amy/amy2.png"));
  const dontSave = page.getByRole("button", { name: "Don't save" });
  await expect(dontSave).toBeVisible({ timeout: 60_000 });
  await expect(dontSave).toHaveClass(/bg-brand-700/);
  await expect(page.getByRole("button", { name: "Save anyway" })).not.toHaveClass(/bg-brand-700/);
  await dontSave.click();
  await expect(page.getByTestId("photo-result").first()).toHaveText("Not saved.");
  const bernadette = await db.student.findUniqueOrThrow({ where: { identifier: "S1002" } });
  expect(await db.faceTemplate.count({ where: { studentId: bernadette.id } })).toBe(0);

  // 4. The remaining photos as a zip: progress to the end, a right final table.
  const entries: Record<string, Uint8Array> = {};
  for (const [person, id] of Object.entries(IDS))
    for (let i = person === "amy" ? 2 : 1; i <= 5; i++)
      entries[`${id}_${i}.png`] = fs.readFileSync(path.join(FACES, `people/${person}/${person}${i}.png`));
  entries["S9999.png"] = fs.readFileSync(path.join(FACES, "strangers/happy.jpg"));
  await page.goto("/admin/photos");
  await expect(page.getByRole("status").filter({ hasText: "Face models ready." })).toBeVisible({ timeout: 120_000 });
  await page
    .getByLabel("A zip of photos")
    .setInputFiles({ name: "photos.zip", mimeType: "application/zip", buffer: Buffer.from(zipSync(entries)) });
  await expect(page.getByText("40 photos chosen.")).toBeVisible();
  const started = Date.now();
  await page.getByRole("button", { name: "Check and enroll" }).click();
  const summary = page.getByRole("status").filter({ hasText: /enrolled, \d+ already enrolled/ });
  await expect(summary).toBeVisible({ timeout: 240_000 });
  console.log(`bulk photos in the browser: 34 photos checked and enrolled in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await expect(page.getByText("Progress: 34 of 34 photos")).toBeVisible();
  await expect(page.locator("#bulk-progress")).toHaveAttribute("value", "34");
  await expect(summary).toHaveText("34 enrolled, 0 already enrolled, 0 rejected, 1 unknown identifier, 5 no consent.");
  await expect(page.getByRole("row", { name: /S1008_1\.png S1008 Stuart Bloom no consent/ })).toBeVisible();
  await expect(page.getByRole("row", { name: /S9999\.png S9999 — unknown identifier/ })).toBeVisible();

  // 5. No photo of a student without consent: none stored, and the page offers no upload.
  const stuart = await db.student.findUniqueOrThrow({ where: { identifier: "S1008" } });
  expect(await db.facePhoto.count({ where: { studentId: stuart.id } })).toBe(0);
  await page.goto(`/admin/students/${stuart.id}`);
  await expect(page.getByRole("note")).toHaveText(/only for active students with consent granted/);
  await expect(page.getByLabel(/^Photos \(choose files/)).toHaveCount(0);
  expect(
    await db.faceTemplate.count({ where: { student: { identifier: { in: ["S1002", "S1003", "S1004", "S1005", "S1006", "S1007"] } } } }),
  ).toBe(30);

  // 6. Withdrawing Amy's consent deletes her photos and templates at once.
  await page.goto(`/admin/students/${amy.id}`);
  expect(await db.faceTemplate.count({ where: { studentId: amy.id } })).toBe(5);
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "Withdraw consent" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Deleted 5 photos and 5 face templates" })).toBeVisible();
  expect(await db.faceTemplate.count({ where: { studentId: amy.id } })).toBe(0);
  expect(await db.facePhoto.count({ where: { studentId: amy.id } })).toBe(0);
  expect(await db.auditLog.count({ where: { targetId: amy.id, action: "consent.withdraw" } })).toBe(1);
  await page.screenshot({ path: "test-results/student-page.png", fullPage: true });
  await db.$disconnect();
});

test("a meeting ending before it starts: the typed values stay, End is highlighted with a plain message", async ({ page }) => {
  await signIn(page, ADMIN);
  const db = testDb();
  const art = await db.class.findUniqueOrThrow({ where: { code: "ART-8B" } });
  await db.$disconnect();
  await page.goto(`/admin/classes/${art.id}`);
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Add meeting" }) });
  await form.getByLabel("Wed").check();
  await form.getByLabel("Start").fill("10:00");
  await form.getByLabel("End").fill("09:00");
  await form.getByRole("button", { name: "Add meeting" }).click();
  await expect(form.getByRole("alert")).toHaveText("Check the highlighted fields.");
  await expect(form.getByText("The end must be after the start.")).toBeVisible();
  await expect(form).not.toContainText("end:"); // no raw field names
  const end = form.getByLabel("End");
  await expect(end).toHaveAttribute("aria-invalid", "true");
  await expect(end).toBeFocused();
  await expect(end).toHaveAccessibleDescription("The end must be after the start.");
  // Nothing typed is lost.
  await expect(form.getByLabel("Wed")).toBeChecked();
  await expect(form.getByLabel("Start")).toHaveValue("10:00");
  await expect(end).toHaveValue("09:00");
  // Corrected, it saves; the form starts afresh.
  await end.fill("10:50");
  await form.getByRole("button", { name: "Add meeting" }).click();
  await expect(form.getByRole("status")).toHaveText("Meeting added.");
  await expect(end).not.toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Wed 10:00–10:50")).toBeVisible();

  // One entry for several days: Mon–Fri 08:00–08:50 adds five meetings.
  for (const d of ["Mon", "Tue", "Wed", "Thu", "Fri"]) await form.getByLabel(d).check();
  await form.getByLabel("Start").fill("08:00");
  await form.getByLabel("End").fill("08:50");
  await form.getByRole("button", { name: "Add meeting" }).click();
  await expect(form.getByRole("status")).toHaveText("5 meetings added.");
  for (const d of ["Mon", "Tue", "Wed", "Thu", "Fri"]) await expect(page.getByText(`${d} 08:00–08:50`)).toBeVisible();
  // A clash on one of the days adds nothing on any of them.
  for (const d of ["Wed", "Sat"]) await form.getByLabel(d).check();
  await form.getByLabel("Start").fill("10:30");
  await form.getByLabel("End").fill("11:00");
  await form.getByRole("button", { name: "Add meeting" }).click();
  await expect(form.getByRole("alert")).toHaveText("This overlaps another meeting of the class on Wed; nothing was added.");
  await expect(page.getByText("Sat 10:30–11:00")).toHaveCount(0);
});
