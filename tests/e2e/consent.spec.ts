// Consent as an admin records it in the browser: the downloaded list round-tripped through a
// spreadsheet (only the row that says granted is granted, after a preview), a class tick list with
// a second confirmation, and each student's consent history; all of it usable on a phone.
import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, testDb } from "./fixtures";
import { axeFindings, signIn } from "./helpers";

test.describe.configure({ mode: "serial", timeout: 180_000 });

const PEOPLE = [
  ["CN1", "Cora", "Nsent"],
  ["CN2", "Colm", "Nsent"],
  ["CN3", "Cass", "Nsent"],
] as const;

async function nothingWiderThanThePhone(page: Page, where: string) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(wide, `${where} is ${wide} px wider than the screen`).toBeLessThanOrEqual(0);
}

test("consent: a round-tripped list with a preview, a class tick list with confirmation, the history on the student page", async ({
  page,
}) => {
  const db = testDb();
  const klass = await db.class.create({ data: { code: "CONSENT-8C", title: "Consent 8C" } });
  for (const [identifier, givenName, familyName] of PEOPLE) {
    const s = await db.student.create({ data: { identifier, givenName, familyName } });
    if (identifier !== "CN1") await db.enrollment.create({ data: { classId: klass.id, studentId: s.id } });
  }
  const consentOf = async (identifier: string) => (await db.student.findUniqueOrThrow({ where: { identifier } })).consentStatus;
  await signIn(page, ADMIN);
  await page.setViewportSize({ width: 390, height: 844 });

  // 1. Download the list, set Cora's consent to granted, leave Colm's none, upload it.
  await page.goto("/admin/consent");
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download the consent list (CSV)" }).click();
  const [header, ...rows] = fs
    .readFileSync((await (await download).path())!, "utf8")
    .trimEnd()
    .split("\n");
  expect(header).toBe("identifier,sourcedId,givenName,familyName,status,consent,consentDate,recordedBy");
  // Only this test's rows: the shared database holds other tests' students.
  const ours = rows.filter((r) => /^"CN[12]"/.test(r)).map((r) => (r.startsWith('"CN1"') ? r.replace('"none"', '"granted"') : r));
  expect(ours).toHaveLength(2);
  const csv = "\uFEFF" + [header, ...ours].join("\r\n") + "\r\n";
  await page.getByLabel(/^Consent CSV/).setInputFiles({ name: "consent.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await expect(page.getByLabel(/As each row's consent column says/)).toBeChecked();
  await page.getByRole("button", { name: "Preview changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Check the changes below" })).toBeVisible();
  const plan = page.getByTestId("consent-plan");
  await expect(plan).toContainText("Would change: 1 student; unchanged: 1");
  await expect(plan.getByRole("listitem").filter({ hasText: "Cora Nsent CN1: none → granted" })).toBeVisible();
  expect(await consentOf("CN1")).toBe("NONE"); // the preview wrote nothing
  await nothingWiderThanThePhone(page, "the consent preview");
  await page.getByRole("button", { name: "Apply 1 change" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Recorded: 1 changed, 1 unchanged." })).toBeVisible();
  expect([await consentOf("CN1"), await consentOf("CN2")]).toEqual(["GRANTED", "NONE"]);

  // A file whose consent cell says something else: a row error with its line, nothing recorded.
  await page.getByLabel(/^Consent CSV/).setInputFiles({
    name: "bad.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("Student ID,consent\nCN2,granted\nCN3,yes please\n"),
  });
  await page.getByRole("button", { name: "Preview changes" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "The file has 1 error" })).toBeVisible();
  await expect(page.getByRole("row", { name: /^3 Consent "yes please" for CN3 is not understood/ })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Apply/ })).toHaveCount(0);
  expect(await consentOf("CN2")).toBe("NONE");

  // 2. The class tick list: tick Cass, then confirm explicitly.
  await page.getByLabel("Class", { exact: true }).selectOption({ label: "CONSENT-8C Consent 8C" });
  await page.getByRole("button", { name: "Show students" }).click();
  await page.getByRole("checkbox", { name: /Cass Nsent CN3/ }).check();
  await page.getByRole("button", { name: "Record consent granted for 1 student" }).click();
  expect(await consentOf("CN3")).toBe("NONE"); // not before the second confirmation
  await expect(page.getByText("Record that consent to face recognition was granted for these 1 student?")).toBeVisible();
  await nothingWiderThanThePhone(page, "the class tick list");
  expect(await axeFindings(page, "consent page")).toEqual([]);
  await page.getByRole("button", { name: "Confirm: consent granted for 1 student" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Consent granted recorded for 1 student." })).toBeVisible();
  expect([await consentOf("CN2"), await consentOf("CN3")]).toEqual(["NONE", "GRANTED"]);
  await expect(page.getByRole("checkbox", { name: /Cass Nsent/ })).toHaveCount(0); // granted now: nothing to tick

  // 3. The history on the student page, newest first: the class list after the file.
  const cass = await db.student.findUniqueOrThrow({ where: { identifier: "CN3" } });
  await setConsentOnPage(page, cass.id);
  const history = page.getByTestId("consent-history").getByRole("listitem");
  await expect(history).toHaveCount(2);
  await expect(history.nth(0)).toHaveText(/granted → withdrawn, by .+, via student page/);
  await expect(history.nth(1)).toHaveText(/none → granted, by .+, via class list/);
  await nothingWiderThanThePhone(page, "the student page");
  const cora = await db.student.findUniqueOrThrow({ where: { identifier: "CN1" } });
  await page.goto(`/admin/students/${cora.id}`);
  await expect(page.getByTestId("consent-history").getByRole("listitem")).toHaveText([/none → granted, by .+, via CSV file/]);
  await db.$disconnect();
});

/** Withdraws Cass's consent on her page (a third way in the history). */
async function setConsentOnPage(page: Page, id: string) {
  await page.goto(`/admin/students/${id}`);
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "Withdraw consent" }).click();
  await expect(page.getByTestId("consent-status")).toHaveText(/Consent withdrawn/);
}
