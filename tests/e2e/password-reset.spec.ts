// Forgot password end to end, through a real SMTP server (smtp-server on 127.0.0.1, where the test
// app sends its mail): a teacher asks for a link on the sign-in page, the mail arrives once, the
// link sets a new password and signs them in, their older sign-in ends, the link works once and
// expires after an hour; an unknown email gets the same answer and no mail.
import { expect, test, type Page } from "@playwright/test";
import { setServerClock, testDb } from "./fixtures";
import { signIn } from "./helpers";
import { startSmtp, type TestSmtp } from "../support/smtp";
import { E2E_SMTP_PORT } from "../../playwright.config";
import { hashSecret } from "@/lib/auth/password";
import { schoolSettings } from "@/lib/settings";

const ANSWER = "If that email belongs to an account, a link is on its way. It works once, for 1 hour.";
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 768 };

test.describe.configure({ mode: "serial", timeout: 120_000 });

let smtp: TestSmtp;
test.beforeAll(async () => {
  smtp = await startSmtp({}, E2E_SMTP_PORT);
});
test.afterAll(async () => {
  setServerClock(null);
  await smtp?.close();
});

async function askForLink(page: Page, email: string) {
  await page.goto("/login");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a link" }).click();
  await expect(page.getByRole("status").filter({ hasText: ANSWER })).toBeVisible();
}

test("forgot password: a link by email, once; it sets a new password, signs in and ends older sign-ins; unknown emails get the same answer", async ({
  browser,
}) => {
  const db = testDb();
  const email = `forgot-${Date.now()}@e2e.test`;
  await db.user.create({ data: { email, name: "Fran Forgot", role: "TEACHER", passwordHash: await hashSecret("old-password-e2e") } });
  const school = (await schoolSettings(db)).name;

  // An older sign-in, on another device.
  const laptop = await browser.newContext({ viewport: DESKTOP });
  const old = await laptop.newPage();
  await signIn(old, { email, password: "old-password-e2e" });
  await expect(old).toHaveURL(/\/teacher$/);

  const phone = await browser.newContext({ viewport: PHONE });
  const page = await phone.newPage();
  await page.goto("/login");
  await page.screenshot({ path: "test-results/login-forgot-phone.png" });
  await askForLink(page, email.toUpperCase());
  await page.screenshot({ path: "test-results/forgot-password-phone.png" });
  await smtp.waitFor(1);
  // An unknown email: the same answer, and no mail.
  await askForLink(page, `nobody-${Date.now()}@e2e.test`);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  expect(smtp.delivered).toHaveLength(1);
  const [mail] = smtp.delivered;
  expect(mail.envelopeTo).toEqual([email]);
  expect(mail.subject).toBe(`Reset your Rollcall password for ${school}`);
  expect(mail.text).toMatch(/it works once, until \d{4}-\d\d-\d\d \d{1,2}:\d\d/);
  const link = mail.text!.match(/http:\/\/127\.0\.0\.1:\d+\/reset-password\?token=[A-Za-z0-9_-]{43}/)?.[0];
  expect(link).toBeTruthy();

  await page.goto(link!);
  await expect(page.getByRole("heading", { name: "Set a new password" })).toBeVisible();
  await expect(page.getByText(`Choose a new password for ${email}`)).toBeVisible();
  await page.screenshot({ path: "test-results/reset-password-phone.png" });
  await page.getByLabel("New password", { exact: true }).fill("new-password-e2e");
  await page.getByLabel("The same password again").fill("new-password-e2e");
  await page.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(page).toHaveURL(/\/teacher$/);
  await expect(page.getByText("Fran Forgot")).toBeVisible();

  // The older sign-in has ended.
  await old.goto("/teacher");
  await expect(old).toHaveURL(/\/login/);
  // Once only.
  await old.goto(link!);
  await expect(old.getByRole("alert").filter({ hasText: "This link was used already." })).toBeVisible();
  // The new password signs in; the old one does not.
  await old.goto("/login");
  await old.getByLabel("Email").fill(email);
  await old.getByLabel("Password").fill("old-password-e2e");
  await old.getByRole("button", { name: "Sign in" }).click();
  await expect(old.getByRole("alert").filter({ hasText: "Wrong email or password." })).toBeVisible();
  await signIn(old, { email, password: "new-password-e2e" });
  await laptop.close();

  // Expired after an hour (the server's clock moved on).
  const desk = await browser.newContext({ viewport: DESKTOP });
  const late = await desk.newPage();
  await late.goto("/login");
  await late.screenshot({ path: "test-results/login-forgot-desktop.png" });
  await askForLink(late, email);
  await late.screenshot({ path: "test-results/forgot-password-desktop.png" });
  await smtp.waitFor(2);
  const second = smtp.delivered[1].text!.match(/http:\/\/\S+\/reset-password\?token=[A-Za-z0-9_-]{43}/)![0];
  await late.goto(second);
  await late.screenshot({ path: "test-results/reset-password-desktop.png" });
  setServerClock(new Date(Date.now() + 61 * 60_000).toISOString());
  await late.goto(second);
  await expect(late.getByRole("alert").filter({ hasText: "This link has expired (reset links last 1 hour)." })).toBeVisible();
  setServerClock(null);
  await desk.close();
  await phone.close();
  await db.$disconnect();
});
