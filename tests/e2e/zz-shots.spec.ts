import { test } from "@playwright/test";
import { ADMIN, TEACHER, testDb } from "./fixtures";
import { signIn } from "./helpers";

test("screens", async ({ browser }) => {
  for (const [label, viewport] of [["desktop", { width: 1280, height: 900 }], ["phone", { width: 390, height: 844 }]] as const) {
    const ctx = await browser.newContext({ viewport });
    const page = await ctx.newPage();
    await signIn(page, ADMIN);
    await page.goto("/admin/matching");
    await page.waitForTimeout(800);
    await page.screenshot({ path: `/tmp/shots/matching-${label}.png`, fullPage: true });
    await page.goto("/admin/students?faces=needs-new");
    await page.screenshot({ path: `/tmp/shots/students-needs-${label}.png`, fullPage: true });
    await page.goto("/admin/recognition?from=2026-11-01&to=2026-12-31");
    await page.screenshot({ path: `/tmp/shots/recognition-${label}.png`, fullPage: true });
    const db = testDb();
    const k = await db.student.findFirst({ where: { identifier: "K1" } });
    const session = await db.classSession.findFirst({ where: { class: { code: "HIST-9" } } });
    await db.$disconnect();
    if (k) {
      await page.goto(`/admin/students/${k.id}`);
      await page.screenshot({ path: `/tmp/shots/student-${label}.png`, fullPage: true });
    }
    await ctx.close();
    if (session) {
      const t = await browser.newContext({ viewport });
      const tp = await t.newPage();
      await signIn(tp, TEACHER);
      await tp.goto(`/teacher/sessions/${session.id}`);
      await tp.screenshot({ path: `/tmp/shots/session-${label}.png`, fullPage: true });
      await t.close();
    }
  }
  const svg = await browser.newPage({ viewport: { width: 760, height: 440 } });
  await svg.goto(`file://${process.cwd()}/docs/lfw-tradeoff.svg`);
  await svg.screenshot({ path: "/tmp/shots/curve.png" });
});
