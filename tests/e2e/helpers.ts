import { expect, type Page } from "@playwright/test";

/** Signs in on the login page of `origin` (default: the test server). */
export async function signIn(page: Page, who: { email: string; password: string }, origin = "") {
  await page.goto(`${origin}/login`);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}
