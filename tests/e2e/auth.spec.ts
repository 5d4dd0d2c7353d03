import { expect, test, type Page } from "@playwright/test";
import jsQR from "jsqr";
import sharp from "sharp";
import { ADMIN, OTHER_TEACHER, TEACHER, testDb } from "./fixtures";

async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("an anonymous visitor is sent to the login page", async ({ page }) => {
  for (const path of ["/", "/admin", "/teacher"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByRole("heading", { name: "Rollcall" })).toBeVisible();
  }
});

test("the first admin signs in, sees the dashboard and signs out", async ({ page }) => {
  await signIn(page, ADMIN);
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { name: "Today", level: 1 })).toBeVisible();
  await expect(page.locator("#main").getByText("Classes", { exact: true })).toBeVisible();
  await page.screenshot({ path: "test-results/admin-dashboard.png", fullPage: true });
  // The navigation is grouped by task and marks the page you are on (the longest matching link)
  // and its group, whose pages show on a second row.
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link")).toHaveText([
    "Today",
    "People",
    "Classes and kiosks",
    "Faces",
    "Notices",
    "School",
    "Reports",
    "Teacher view",
  ]);
  await expect(nav.getByRole("link", { name: "Today" })).toHaveAttribute("aria-current", "page");
  await nav.getByRole("link", { name: "People" }).click();
  const people = page.getByRole("navigation", { name: "People" });
  await expect(people.getByRole("link", { name: "Students" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Today" })).not.toHaveAttribute("aria-current");
  await people.getByRole("link", { name: "Teachers" }).click();
  await expect(people.getByRole("link", { name: "Teachers" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "People" })).toHaveAttribute("aria-current", "true");
  // One row at a laptop's width (it wrapped onto two with 13 links).
  const box = (await nav.boundingBox())!;
  expect(box.height).toBeLessThan(50);

  const signedIn = await page.context().cookies();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/login/);
  // A copy of the old session cookie (stolen, or re-set by a request in flight) is refused too.
  await page.context().addCookies(signedIn);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("heading", { name: "Rollcall" })).toBeVisible();
});

test("a teacher sees only their own classes and is refused /admin", async ({ page }) => {
  await signIn(page, TEACHER);
  await expect(page).toHaveURL(/\/teacher$/);
  await expect(page.getByRole("heading", { name: "My classes" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "SCI-8A", exact: true })).toBeVisible(); // (on the days it meets, Today lists it too)
  await expect(page.getByRole("cell", { name: "ART-8B" })).toHaveCount(0);

  const response = await page.goto("/admin");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
});

test("a teacher without classes sees a clear empty state", async ({ page }) => {
  await signIn(page, OTHER_TEACHER);
  await expect(page.getByText("You have no classes yet.")).toBeVisible();
});

test("a wrong password shows a clear message and no session", async ({ page }) => {
  await signIn(page, { email: ADMIN.email, password: "not-the-password" });
  await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong email or password.");
  await expect(page).toHaveURL(/\/login/);
  // The email stays for the next try; the password does not.
  await expect(page.getByLabel("Email")).toHaveValue(ADMIN.email);
  await expect(page.getByLabel("Password")).toHaveValue("");
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/login/);
});

test("repeated failed sign-ins lock the account for a while", async ({ page }) => {
  const victim = { email: "locked@e2e.test", password: "whatever-password" };
  for (let i = 0; i < 5; i++) {
    await signIn(page, victim);
    await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong email or password.");
  }
  await signIn(page, victim);
  await expect(page.locator("form").getByRole("alert")).toContainText("Too many failed sign-in attempts");
});

test("a forged X-Forwarded-For does not escape the per-address limit (no trusted proxy is configured)", async ({ page }) => {
  const db = testDb();
  await db.loginThrottle.deleteMany({ where: { key: { startsWith: "ip:" } } }); // earlier tests' failures
  try {
    // Failures from one socket, each claiming another address and using another account: the
    // per-address limit (20) still locks that socket out. (Before, each forged address had its own count.)
    let lockedAt = -1;
    for (let i = 0; i < 25 && lockedAt < 0; i++) {
      await page.setExtraHTTPHeaders({ "x-forwarded-for": `198.51.100.${i}` });
      await signIn(page, { email: `spoof${i}@e2e.test`, password: "wrong-password" });
      const alert = page.locator("form").getByRole("alert");
      await expect(alert).toHaveText(/Wrong email or password|Too many failed sign-in attempts/);
      if ((await alert.textContent())!.startsWith("Too many")) lockedAt = i;
    }
    expect(lockedAt).toBeGreaterThanOrEqual(0);
    expect(lockedAt).toBeLessThanOrEqual(20);
    // Counted against the socket's address; the forged ones were never used.
    expect((await db.loginThrottle.findMany({ where: { key: { startsWith: "ip:" } } })).map((r) => r.key)).toEqual(["ip:127.0.0.1"]);
  } finally {
    // The later specs sign in from this address.
    await db.loginThrottle.deleteMany({ where: { key: { startsWith: "ip:" } } });
    await db.$disconnect();
  }
});

test("Auth.js's own sign-out ends the sign-in server-side: a copy of the cookie no longer works", async ({ browser }) => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signIn(page, TEACHER);
  await expect(page).toHaveURL(/\/teacher/);
  const copied = await ctx.cookies();
  // Auth.js's sign-out, as its own (now unserved) page would post it.
  const { csrfToken } = await (await ctx.request.get("/api/auth/csrf")).json();
  const out = await ctx.request.post("/api/auth/signout", { form: { csrfToken }, maxRedirects: 0 });
  expect(out.status()).toBeLessThan(400);
  expect(out.headers()["content-security-policy"]).toContain("default-src 'none'");
  // Someone who copied the cookie before the sign-out.
  const thief = await browser.newContext();
  await thief.addCookies(copied);
  const stolen = await thief.newPage();
  await stolen.goto("/teacher");
  await expect(stolen).toHaveURL(/\/login/);
  // Auth.js's pages are not served (they had no content security policy): they lead to ours.
  const signinPage = await thief.request.get("/api/auth/signin", { maxRedirects: 0 });
  expect(signinPage.status()).toBe(303);
  expect(signinPage.headers()["location"]).toMatch(/\/login$/);
  await ctx.close();
  await thief.close();
});

test("Auth.js's endpoints answer a failed or hostile post with its redirect or a 4xx, never a 500, and throttle a flood", async ({
  browser,
}) => {
  const ctx = await browser.newContext();
  const { csrfToken } = await (await ctx.request.get("/api/auth/csrf")).json();
  const wrong = await ctx.request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: ADMIN.email, password: "not-the-password" },
    maxRedirects: 0,
  });
  expect(wrong.status()).toBeGreaterThanOrEqual(300);
  expect(wrong.status()).toBeLessThan(500);
  expect(wrong.headers()["content-security-policy"]).toContain("default-src 'none'");
  for (const url of ["/api/auth/signin/credentials", "/api/auth/callback/nope", "/api/auth/callback/credentials"]) {
    const junk = await ctx.request.post(url, { data: "x=1", headers: { "content-type": "text/plain" }, maxRedirects: 0 });
    expect(junk.status(), url).toBeLessThan(500);
  }
  // A flood from one address: throttled before Auth.js does any work.
  const statuses: number[] = [];
  for (let i = 0; i < 40; i++)
    statuses.push((await ctx.request.post("/api/auth/callback/credentials", { form: { csrfToken }, maxRedirects: 0 })).status());
  expect(statuses.every((s) => s < 500)).toBe(true);
  expect(statuses).toContain(429);
  await ctx.close();
});

test("setting an imported teacher's password updates their row at once (no reload)", async ({ page }) => {
  const db = testDb();
  const email = `imported-${Date.now()}@e2e.test`;
  await db.user.create({ data: { email, name: "Ida Imported", role: "TEACHER", passwordHash: "!" } });
  await db.$disconnect();
  await signIn(page, ADMIN);
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto("/admin/teachers");
  const row = page.getByRole("row").filter({ hasText: email });
  await expect(row).toContainText("no password yet");
  await row.getByText("Set password for Ida Imported").click();
  await row.getByLabel("New password (blank: generate one)").fill("a-new-password-1");
  await row.getByRole("button", { name: "Set password" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Password set for ${email}.` })).toBeVisible();
  await expect(row).toContainText("never signed in");
});

test("an invite link: the teacher sets their own password through it once and is signed in; a used or expired link is refused", async ({
  page,
  browser,
}) => {
  const db = testDb();
  const email = `invited-${Date.now()}@e2e.test`;
  await db.user.create({ data: { email, name: "Ines Invited", role: "TEACHER", passwordHash: "!" } });
  await signIn(page, ADMIN);
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto("/admin/teachers");
  const row = page.getByRole("row").filter({ hasText: email });
  await row.getByRole("button", { name: "Invite link for Ines Invited" }).click();
  await expect(
    row.getByRole("status").filter({ hasText: /Invite link for Ines Invited: it works once, until \d{4}-\d\d-\d\d \d\d:\d\d/ }),
  ).toBeVisible();
  const link = await row.getByTestId("invite-link").inputValue();
  expect(link).toMatch(/\/invite\?token=[A-Za-z0-9_-]{43}$/);
  // The QR code says the same link, read from its pixels as a phone's camera would.
  const png = Buffer.from((await row.getByTestId("invite-qr").getAttribute("src"))!.replace(/^data:image\/png;base64,/, ""), "base64");
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  expect(jsQR(new Uint8ClampedArray(data), info.width, info.height)?.data).toBe(link);
  // The row says so without a reload.
  await expect(row).toContainText(/invite link valid until/);
  await page.screenshot({ path: "test-results/teachers-invite.png", fullPage: true });

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const teacher = await phone.newPage();
  await teacher.goto(link);
  await expect(teacher.getByText(`Welcome, Ines Invited.`)).toBeVisible();
  await teacher.screenshot({ path: "test-results/invite-phone.png" });
  // Too short: the reason is said once, next to the field (not also as the form's message).
  await teacher.getByLabel("New password", { exact: true }).fill("short");
  await teacher.getByLabel("The same password again").fill("short");
  await teacher.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(teacher.getByText(/at least 10 characters/i)).toHaveCount(2); // the page's instructions and the field's error
  await expect(teacher.getByLabel("New password", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await teacher.getByLabel("New password", { exact: true }).fill("ines-own-password");
  await teacher.getByLabel("The same password again").fill("ines-own-passwort");
  await teacher.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(teacher.getByText("The two passwords differ: type the same one twice.")).toBeVisible();
  await teacher.getByLabel("The same password again").fill("ines-own-password");
  await teacher.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(teacher).toHaveURL(/\/teacher$/);
  await expect(teacher.getByText("Ines Invited")).toBeVisible();
  // Once only.
  const again = await browser.newPage();
  await again.goto(link);
  await expect(again.getByRole("alert").filter({ hasText: "This link was used already." })).toBeVisible();
  await again.close();
  await phone.close();

  // Expired after 72 hours.
  await row.getByRole("button", { name: "Invite link for Ines Invited" }).click();
  await expect(row.getByTestId("invite-link")).not.toHaveValue(link);
  const second = await row.getByTestId("invite-link").inputValue();
  await db.inviteLink.updateMany({ where: { user: { email }, usedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } });
  const late = await browser.newPage();
  await late.goto(second);
  await expect(late.getByRole("alert").filter({ hasText: "This link has expired (links last 72 hours)." })).toBeVisible();
  await late.close();
  await db.$disconnect();
});
