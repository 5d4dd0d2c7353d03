// Shared by the end-to-end tests: the test app's data folder, accounts and a direct
// database client (the same Prisma client the app uses) to arrange and check data.
import path from "node:path";
import { createPrismaClient } from "@/lib/db";

export const E2E_DATA_DIR = path.resolve("tests/.tmp/e2e-data");
export const ADMIN = { email: "admin@e2e.test", password: "admin-password-e2e" };
export const TEACHER = { email: "teacher@e2e.test", password: "teacher-password-e2e", name: "Tess Teacher" };
export const OTHER_TEACHER = { email: "other@e2e.test", password: "other-password-e2e", name: "Otto Other" };

export function testDb() {
  return createPrismaClient(`file:${path.join(E2E_DATA_DIR, "rollcall.db")}`);
}
