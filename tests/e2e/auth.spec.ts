import { expect, test, type Page } from "@playwright/test";
import { ADMIN, OTHER_TEACHER, TEACHER } from "./fixtures";

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
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(page.locator("#main").getByText("Classes", { exact: true })).toBeVisible();
  await page.screenshot({ path: "test-results/admin-dashboard.png", fullPage: true });

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
  await expect(page.getByRole("cell", { name: "SCI-8A" })).toBeVisible();
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
