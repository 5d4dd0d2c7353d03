// Issue 31 item 1: on a phone (390×844) the teacher's Today and session pages show cards, not
// tables in sideways-scrolling boxes, and a correction opens as a bottom sheet.
import { expect, test, type Page } from "@playwright/test";
import { TEACHER, setServerClock, testDb } from "./fixtures";
import { signIn } from "./helpers";

// Wednesday 2 December 2026, 09:05 UTC (the e2e school's time zone is UTC): PHN-7 meets 09:00–09:50.
const WEDNESDAY_0905 = "2026-12-02T09:05:00Z";
const CODE = "PHN-7";
const PHONE = { width: 390, height: 844 };

test.describe.configure({ mode: "serial", timeout: 120_000 });

const ids = { sessionId: "", first: "" };

test.beforeAll(async () => {
  setServerClock(WEDNESDAY_0905);
  const db = testDb();
  const tess = await db.user.findUniqueOrThrow({ where: { email: TEACHER.email } });
  const klass = await db.class.create({
    data: {
      code: CODE,
      title: "Phone class with a long title",
      room: "Room 12",
      meetings: { create: { weekday: 3, startMinute: 9 * 60, endMinute: 9 * 60 + 50 } },
      teachers: { create: { userId: tess.id } },
    },
  });
  const students = [];
  for (let i = 1; i <= 24; i++) {
    const n = String(i).padStart(2, "0");
    const s = await db.student.create({ data: { identifier: `P${n}`, givenName: `Kid${n}`, familyName: "PHNson" } });
    await db.enrollment.create({ data: { classId: klass.id, studentId: s.id } });
    students.push(s);
  }
  const startsAt = new Date("2026-12-02T09:00:00Z");
  const session = await db.classSession.create({
    data: {
      classId: klass.id,
      date: "2026-12-02",
      startsAt,
      endsAt: new Date("2026-12-02T09:50:00Z"),
      tardyAt: new Date("2026-12-02T09:10:00Z"),
    },
  });
  for (const [i, method, status] of [
    [0, "FACE", "PRESENT"],
    [1, "PIN", "PRESENT"],
    [2, "MANUAL", "TARDY"],
  ] as const)
    await db.attendanceRecord.create({
      data: {
        sessionId: session.id,
        studentId: students[i].id,
        status,
        markedAt: new Date(`2026-12-02T09:0${i + 1}:00Z`),
        method,
        matchDistance: method === "FACE" ? 0.38 : null,
      },
    });
  Object.assign(ids, { sessionId: session.id, first: students[0].id });
  await db.$disconnect();
});
test.afterAll(() => setServerClock(null));

/** Elements wider than the screen, and sideways-scrolling boxes that hold a button, link or field. */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.getAttribute("data-testid") ? `[${el.getAttribute("data-testid")}]` : ""} "${(el.textContent ?? "").trim().slice(0, 40)}"`;
    const problems = new Set<string>();
    // Screen-reader-only text (a 1 px box that clips what it holds) is not on the screen.
    const clipped = (el: Element) => {
      for (let up: Element | null = el; up; up = up.parentElement)
        if (getComputedStyle(up).overflow !== "visible" && up.getBoundingClientRect().width <= 1) return true;
      return false;
    };
    for (const el of document.querySelectorAll("body *")) {
      const box = el.getBoundingClientRect();
      if (clipped(el)) continue;
      if (box.width > width + 0.5 || (box.width > 1 && box.right > width + 0.5))
        problems.add(`${describe(el)} spans ${Math.round(box.left)}–${Math.round(box.right)} px`);
    }
    for (const action of document.querySelectorAll("a, button, input, select, textarea, summary")) {
      for (let up = action.parentElement; up && up !== document.body; up = up.parentElement) {
        const overflow = getComputedStyle(up).overflowX;
        if ((overflow === "auto" || overflow === "scroll") && up.scrollWidth > up.clientWidth)
          problems.add(`${describe(action)} is in a sideways-scrolling ${describe(up)}`);
      }
    }
    return [...problems];
  });
}

test("on a phone, Today and the session page are cards: nothing wider than the screen, no action in a sideways scroll", async ({
  page,
}) => {
  await page.setViewportSize(PHONE);
  await signIn(page, TEACHER);
  await page.goto("/teacher");
  expect(await layoutProblems(page), "Today").toEqual([]);
  const today = page.getByTestId("today-row").filter({ hasText: CODE });
  // One full-width primary action, with the count in it.
  const review = today.getByRole("link", { name: /^Review · 2\/24 present/ });
  await expect(review).toBeVisible();
  const box = (await review.boundingBox())!;
  const card = (await today.boundingBox())!;
  expect(box.width).toBeGreaterThan(card.width - 40);
  expect(box.height).toBeGreaterThanOrEqual(44);
  // The class code on one line.
  const code = today.getByText(CODE, { exact: true }).first();
  expect((await code.boundingBox())!.height).toBeLessThan(30);
  await page.screenshot({ path: "test-results/phone-today.png", fullPage: true });

  await review.click();
  await expect(page).toHaveURL(new RegExp(`/teacher/sessions/${ids.sessionId}$`));
  const first = page.getByTestId("session-row").filter({ hasText: "Kid01 PHNson" });
  for (const text of ["Present", "Face", "high confidence", "09:01"]) await expect(first).toContainText(text);
  await expect(first.getByRole("img", { name: /Kid01 PHNson/ }).or(first.getByText("no photo"))).toBeVisible();
  expect(await layoutProblems(page), "session").toEqual([]);
  await page.screenshot({ path: "test-results/phone-session.png", fullPage: true });
});

test("on a phone, a correction is made in a bottom sheet: big status buttons, a required reason, the card updates in place", async ({
  page,
}) => {
  await page.setViewportSize(PHONE);
  await signIn(page, TEACHER);
  await page.goto(`/teacher/sessions/${ids.sessionId}`);
  const card = page.getByTestId("session-row").filter({ hasText: "Kid01 PHNson" });
  const change = card.getByRole("button", { name: "Change Kid01 PHNson" });
  await change.click();
  const sheet = page.getByRole("dialog", { name: "Kid01 PHNson" });
  await expect(sheet).toBeVisible();
  await expect(sheet).toHaveAttribute("aria-modal", "true");
  // A panel across the bottom of the screen, with the focus in it.
  const sheetBox = (await sheet.boundingBox())!;
  expect(sheetBox.x).toBeLessThanOrEqual(1);
  expect(sheetBox.width).toBeGreaterThanOrEqual(PHONE.width - 2);
  expect(Math.abs(sheetBox.y + sheetBox.height - PHONE.height)).toBeLessThanOrEqual(1);
  expect(await sheet.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  const statuses = sheet.getByRole("group", { name: "New status for Kid01 PHNson" });
  for (const label of ["Present", "Tardy", "Early departure", "Excused absence", "Unexcused absence"]) {
    const option = statuses.locator("label").filter({ has: page.getByRole("radio", { name: label, exact: true }) });
    const b = (await option.boundingBox())!;
    expect(b.height, label).toBeGreaterThanOrEqual(44);
    expect(b.x + b.width, label).toBeLessThanOrEqual(PHONE.width);
  }
  await expect(statuses.getByRole("radio", { name: "Present", exact: true })).toBeChecked();
  await page.screenshot({ path: "test-results/phone-sheet.png" });
  // Escape closes it and gives the focus back.
  await page.keyboard.press("Escape");
  await expect(sheet).toHaveCount(0);
  await expect(change).toBeFocused();

  await change.click();
  await sheet.getByRole("radio", { name: "Excused absence", exact: true }).check();
  const reason = sheet.getByLabel("Reason (required)");
  await expect(reason).toHaveAttribute("required", "");
  await sheet.getByRole("button", { name: "Save" }).click();
  // The browser refuses an empty reason: nothing saved, the sheet stays.
  await expect(sheet).toBeVisible();
  await reason.fill("Dentist appointment, note from parent");
  await sheet.getByRole("button", { name: "Save" }).click();
  await expect(sheet).toHaveCount(0);
  await expect(card.getByRole("status")).toHaveText("Kid01 PHNson: Present → Excused absence.");
  await expect(card.getByRole("cell").nth(3)).toHaveText("Excused absence");
  await expect(page.getByTestId("session-summary")).toContainText("Present 1 · Tardy 1 · Absent 1");
  await expect(change).toBeFocused();
  // The history, in the sheet.
  await change.click();
  await expect(sheet.getByTestId("sheet-history-entry")).toHaveText(
    /Tess Teacher: Present → Excused absence\. Reason: Dentist appointment, note from parent/,
  );
  await expect(sheet.getByRole("radio", { name: "Excused absence", exact: true })).toBeChecked();
  await page.screenshot({ path: "test-results/phone-sheet-history.png" });
  const db = testDb();
  const record = await db.attendanceRecord.findFirstOrThrow({ where: { sessionId: ids.sessionId, studentId: ids.first } });
  await db.$disconnect();
  expect(record.status).toBe("EXCUSED_ABSENCE");
});

test("on a desktop the same pages keep their tables", async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page, TEACHER);
  await page.goto("/teacher");
  await expect(page.getByRole("columnheader", { name: "Not yet marked" })).toBeVisible();
  await page.screenshot({ path: "test-results/desktop-today.png", fullPage: true });
  await page.goto(`/teacher/sessions/${ids.sessionId}`);
  await expect(page.getByRole("columnheader", { name: "Status" })).toBeVisible();
  const html = await (await page.request.get(`/teacher/sessions/${ids.sessionId}`)).text();
  console.log(`session page for 24 students: ${html.length} characters of HTML, ${(await page.content()).length} in the DOM`);
  await page.screenshot({ path: "test-results/desktop-session.png", fullPage: true });
});
