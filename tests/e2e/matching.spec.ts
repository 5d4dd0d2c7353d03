// The Matching page: the school's own distance distributions drawn as a chart, a threshold
// suggested for the target false-accept rate, applied only after the admin confirms (audited),
// and undone the same way.
import { expect, test } from "@playwright/test";
import { descriptorToBytes } from "@/lib/face/match";
import { FACE_MODEL_ID } from "@/lib/face/types";
import { ADMIN, testDb } from "./fixtures";
import { signIn } from "./helpers";

/** Seeded normal samples (Box–Muller), for descriptors far from any real face. */
function normals(n: number, seed: number): number[] {
  let s = seed;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  return Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  // Twelve students with three photos each: enough for a (normal-fit) calibration whatever ran before.
  const db = testDb();
  const z = normals(12 * 4 * 128, 5);
  let k = 0;
  for (let i = 0; i < 12; i++) {
    const s = await db.student.create({
      data: { identifier: `MATCH${i}`, givenName: `Cal${i}`, familyName: "Ibrate", consentStatus: "GRANTED", consentAt: new Date() },
    });
    const centre = Array.from({ length: 128 }, () => 0.035 * z[k++]);
    for (let p = 0; p < 3; p++)
      await db.faceTemplate.create({
        data: { studentId: s.id, modelId: FACE_MODEL_ID, descriptor: descriptorToBytes(centre.map((c) => c + 0.012 * z[k++])) },
      });
  }
  await db.$disconnect();
});

test.afterAll(async () => {
  const db = testDb();
  await db.student.deleteMany({ where: { identifier: { startsWith: "MATCH" } } });
  await db.$disconnect();
});

test("the Matching page charts the school's distances and applies rules only after the admin confirms", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/admin/matching");
  await expect(page.getByRole("heading", { name: "Matching", exact: true })).toBeVisible();
  await expect(page.getByTestId("current-rules")).toContainText("Threshold 0.5");
  // The chart is drawn (Recharts renders bars as SVG paths) with both series and the threshold line.
  const chart = page.getByTestId("distance-chart");
  await expect(chart.locator("svg.recharts-surface").first()).toBeVisible();
  expect(await chart.locator(".recharts-bar-rectangle").count()).toBeGreaterThan(4);
  await expect(chart).toContainText("Same student (genuine)");
  await expect(chart).toContainText("current");
  const suggestion = page.getByTestId("suggested-rules");
  await expect(suggestion).toContainText("Threshold");
  const suggested = Number((await suggestion.locator("strong").first().textContent())!.trim());
  expect(suggested).toBeGreaterThanOrEqual(0.2);
  expect(suggested).toBeLessThan(0.5); // these students sit closer together than LFW people: a stricter rule

  // Dismissing the confirmation changes nothing.
  page.once("dialog", (d) => d.dismiss());
  await page.getByRole("button", { name: "Apply these rules" }).click();
  await page.waitForTimeout(500);
  const db = testDb();
  expect((await db.schoolSettings.findUniqueOrThrow({ where: { id: 1 } })).matchingRules).toBeNull();

  // Confirming applies them, audited, and keeps the old ones for undo.
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "Apply these rules" }).click();
  await expect(page.getByRole("status").filter({ hasText: "New rules applied" })).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("current-rules")).toContainText(`Threshold ${suggested}`);
  const applied = await db.auditLog.findFirstOrThrow({ where: { action: "rules.apply" } });
  expect(applied.actorLabel).toBe(ADMIN.email);

  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "Undo the last change" }).click();
  await expect(page.getByRole("status").filter({ hasText: "previous rules are back" })).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("current-rules")).toContainText("Threshold 0.5 ");
  expect(await db.auditLog.count({ where: { action: "rules.undo" } })).toBe(1);
  await db.$disconnect();
});
