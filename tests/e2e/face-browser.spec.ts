// The browser build of the face pipeline (Chromium, wasm) against the Node build on the
// same photos: same quality verdicts, descriptors within the documented tolerance.
import path from "node:path";
import { expect, test } from "@playwright/test";
import { euclidean } from "@/lib/face/match";
import { describeImage } from "@/lib/face/node";
import { BROWSER_NODE_TOLERANCE } from "@/lib/face/quality";
import { ADMIN } from "./fixtures";
import { signIn } from "./helpers";

const FACES = path.resolve("tests/fixtures/faces");

test.describe.configure({ timeout: 180_000 });

test("browser and Node agree on descriptors and verdicts", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/admin/face-check");
  await expect(page.getByTestId("backend")).toBeVisible({ timeout: 120_000 });
  const backend = await page.getByTestId("backend").textContent();

  const cases = [
    { file: path.join(FACES, "people", "amy", "amy1.png"), verdict: "Accepted for enrollment." },
    { file: path.join(FACES, "strangers", "happy.jpg"), verdict: "Accepted for enrollment." },
    { file: path.join(FACES, "people", "raj", "raj3.png"), verdict: "Accepted for enrollment." },
  ];
  const report: string[] = [];
  for (const c of cases) {
    await page.getByLabel("Photo").setInputFiles(c.file);
    await expect(page.getByTestId("verdict")).toHaveText(c.verdict, { timeout: 60_000 });
    await expect(page.getByText(path.basename(c.file) + ":")).toBeVisible();
    const browserDescriptor: number[] = JSON.parse((await page.getByTestId("descriptor").textContent())!);
    const [nodeFace] = await describeImage(c.file);
    const d = euclidean(browserDescriptor, nodeFace.descriptor);
    report.push(`${path.basename(c.file)}: ${d.toFixed(4)}`);
    expect(d, path.basename(c.file)).toBeLessThan(BROWSER_NODE_TOLERANCE);
  }
  console.log(`browser (${backend}) vs Node descriptor distance: ${report.join(", ")}`);

  await page.getByLabel("Photo").setInputFiles(path.join(FACES, "groups", "bbt4.jpg"));
  await expect(page.getByTestId("verdict")).toHaveText("More than one face. Use a photo of this student alone.", { timeout: 60_000 });

  await page.getByLabel("Photo").setInputFiles({ name: "notes.jpg", mimeType: "image/jpeg", buffer: Buffer.from("not an image\n") });
  await expect(page.getByTestId("verdict")).toHaveText(/Not a readable image/);
});
