"use server";

import { db } from "@/lib/db";
import { createUser, generatePassword, setPassword, setUserActive } from "@/lib/staff";
import { adminAction, onRecord } from "@/app/server-action";

const TEACHERS = { revalidate: "/admin/teachers" };

export const createTeacherAction = adminAction(async (form, { actor }) => {
  const given = String(form.get("password") ?? "");
  const password = given || generatePassword();
  const user = await createUser(
    db,
    { email: String(form.get("email") ?? ""), name: String(form.get("name") ?? ""), role: "TEACHER", password },
    actor,
  );
  return {
    ok: true,
    message: given
      ? `Created ${user.email}.`
      : `Created ${user.email}. Their password is ${password}: give it to them now, it is not shown again.`,
  };
}, TEACHERS);

export const setPasswordAction = adminAction(async (form, { actor }) => {
  const given = String(form.get("password") ?? "");
  const password = given || generatePassword();
  const user = await setPassword(db, String(form.get("email") ?? ""), password, actor);
  return { ok: true, message: given ? `Password set for ${user.email}.` : `New password for ${user.email}: ${password} (shown once).` };
}, TEACHERS); // the row's "no password yet" goes at once

export const setActiveAction = adminAction(
  onRecord(
    "userId",
    async (userId, form, admin) => {
      if (userId === admin.id) return { ok: false, message: "You cannot deactivate your own account." };
      const user = await setUserActive(db, userId, form.get("active") === "true", admin.actor);
      return { ok: true, message: `${user.name} is ${user.active ? "active" : "deactivated: they can no longer sign in"}.` };
    },
    { ok: false, message: "No such account." },
  ),
  TEACHERS,
);
