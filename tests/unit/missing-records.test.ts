// Commands on a record id that names nothing (guessed, or deleted meanwhile) answer "not found"
// and write nothing; they threw Prisma's P2025/P2003, which the admin pages showed as a 500.
import { afterEach, beforeEach, expect, it } from "vitest";
import { addMeeting, enrollStudent, saveClass, setClassArchived, setTeacher } from "@/lib/classes";
import { clearOptOut } from "@/lib/guardians";
import { createUser, setUserActive } from "@/lib/staff";
import { freshDb } from "./helpers";

let ctx: Awaited<ReturnType<typeof freshDb>>;
beforeEach(async () => {
  ctx = await freshDb();
});
afterEach(() => ctx.cleanup());

const actor = { label: "test" };
const NO_SUCH = "no-such-record";

it("class commands on a missing class, and a missing guardian's opt-in, answer not_found and write nothing", async () => {
  await ctx.db.student.create({ data: { identifier: "S1", givenName: "Amy", familyName: "Fowler" } });
  const teacher = await createUser(ctx.db, { email: "t@school.test", name: "Tess", role: "TEACHER", password: "a-long-password" }, actor);
  const before = [await ctx.db.auditLog.count(), await ctx.db.class.count(), await ctx.db.classMeeting.count()];
  const notFound = { ok: false, code: "not_found", message: "No such class." };
  expect(await saveClass(ctx.db, NO_SUCH, { code: "C1", title: "Maths" }, actor)).toEqual(notFound);
  expect(await setClassArchived(ctx.db, NO_SUCH, true, actor)).toEqual(notFound);
  expect(await addMeeting(ctx.db, NO_SUCH, { weekdays: ["1"], start: "08:00", end: "08:50" }, actor)).toEqual(notFound);
  expect(await setTeacher(ctx.db, NO_SUCH, teacher.id, true, actor)).toEqual(notFound);
  expect(await enrollStudent(ctx.db, NO_SUCH, { identifier: "S1" }, actor)).toEqual(notFound);
  expect(await clearOptOut(ctx.db, NO_SUCH, actor)).toEqual({ ok: false, code: "not_found", message: "No such guardian." });
  expect([await ctx.db.auditLog.count(), await ctx.db.class.count(), await ctx.db.classMeeting.count()]).toEqual(before);
});

it("(de)activating a missing account is an input error with code not_found", async () => {
  await expect(setUserActive(ctx.db, NO_SUCH, false, actor)).rejects.toMatchObject({ message: "No such account.", code: "not_found" });
});
