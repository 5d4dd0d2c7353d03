"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/lib/db";
import { adminActor } from "@/lib/auth/current-user";
import type { ActionResult } from "@/lib/students";
import { createUser, generatePassword, setPassword, setUserActive, UserInputError } from "@/lib/staff";
import { formOf } from "@/lib/validations/form";

const NOT_ALLOWED: ActionResult = { ok: false, message: "Only admins can do this." };

export async function createTeacherAction(_p: ActionResult | null, form: FormData): Promise<ActionResult> {
  form = formOf(form);
  const admin = await adminActor();
  if (!admin) return NOT_ALLOWED;
  const given = String(form.get("password") ?? "");
  const password = given || generatePassword();
  try {
    const user = await createUser(
      db,
      { email: String(form.get("email") ?? ""), name: String(form.get("name") ?? ""), role: "TEACHER", password },
      admin.actor,
    );
    revalidatePath("/admin/teachers");
    return {
      ok: true,
      message: given
        ? `Created ${user.email}.`
        : `Created ${user.email}. Their password is ${password}: give it to them now, it is not shown again.`,
    };
  } catch (e) {
    if (e instanceof UserInputError) return { ok: false, message: e.message };
    throw e;
  }
}

export async function setPasswordAction(_p: ActionResult | null, form: FormData): Promise<ActionResult> {
  form = formOf(form);
  const admin = await adminActor();
  if (!admin) return NOT_ALLOWED;
  const given = String(form.get("password") ?? "");
  const password = given || generatePassword();
  try {
    const user = await setPassword(db, String(form.get("email") ?? ""), password, admin.actor);
    return { ok: true, message: given ? `Password set for ${user.email}.` : `New password for ${user.email}: ${password} (shown once).` };
  } catch (e) {
    if (e instanceof UserInputError) return { ok: false, message: e.message };
    throw e;
  }
}

export async function setActiveAction(_p: ActionResult | null, form: FormData): Promise<ActionResult> {
  form = formOf(form);
  const admin = await adminActor();
  if (!admin) return NOT_ALLOWED;
  const id = z.string().min(1).max(64).safeParse(form.get("userId"));
  if (!id.success) return { ok: false, message: "No such account." };
  if (id.data === admin.id) return { ok: false, message: "You cannot deactivate your own account." };
  const user = await setUserActive(db, id.data, form.get("active") === "true", admin.actor);
  revalidatePath("/admin/teachers");
  return { ok: true, message: `${user.name} is ${user.active ? "active" : "deactivated: they can no longer sign in"}.` };
}
