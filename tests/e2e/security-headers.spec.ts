// Security headers on real responses: a nonce-based content security policy that still lets
// the face models' WebAssembly run (the kiosk and face-browser specs run them under it), and
// the static headers. The policy is checked to be enforced: an injected inline script does not run.
import { expect, test } from "@playwright/test";

test("pages carry a nonce CSP that allows wasm and Next's scripts, and nothing inline without the nonce", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => m.type() === "error" && /Content Security Policy/i.test(m.text()) && violations.push(m.text()));
  const res = await page.goto("/login");
  const csp = res!.headers()["content-security-policy"];
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic' 'wasm-unsafe-eval'(;|$)/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  const nonce = /'nonce-([^']+)'/.exec(csp)![1];
  // Next put the nonce on its scripts, so the page hydrated: the sign-in form works with JS.
  const scripts = await page.locator("script").evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.every((n) => n === nonce)).toBe(true);
  // A fresh nonce per response.
  const again = (await page.request.get("/login")).headers()["content-security-policy"];
  expect(again).not.toContain(nonce);
  // Injected markup with an inline handler (the usual XSS shape) does not run.
  await page.evaluate(() =>
    document.body.insertAdjacentHTML("beforeend", '<img src="/nonexistent.png" onerror="window.__injected = true">'),
  );
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => (window as { __injected?: boolean }).__injected)).toBeUndefined();
  expect(violations.length).toBeGreaterThan(0); // the browser reported the blocked handler

  for (const [name, value] of Object.entries({
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "permissions-policy": "camera=(self), microphone=(), geolocation=(), payment=(), usb=()",
  }))
    expect(res!.headers()[name], name).toBe(value);
  expect(res!.headers()["x-powered-by"]).toBeUndefined();
});

test("the staff session cookie is httpOnly and SameSite=Lax", async ({ page, context }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill("admin@e2e.test");
  await page.getByLabel("Password").fill("admin-password-e2e");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin/);
  const session = (await context.cookies()).find((c) => c.name.includes("authjs.session-token"))!;
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax" });
});
