"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { openSessionNow } from "@/lib/attendance/session";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";
import { visibleClassesWhere } from "@/lib/data/classes";
import { currentUser } from "@/lib/session";

export async function startSessionAction(_prev: { ok: boolean; message: string } | null, form: FormData) {
  const user = await currentUser();
  if (!user) return { ok: false, message: "Sign in first." };
  const classId = z.string().min(1).max(64).safeParse(form.get("classId"));
  const minutes = z.coerce.number().int().min(5).max(240).safeParse(form.get("minutes"));
  if (!classId.success || !minutes.success) return { ok: false, message: "Choose a length between 5 and 240 minutes." };
  // The same scoping as every read: a teacher can start sessions of their own classes only.
  const klass = await db.class.findFirst({ where: { id: classId.data, ...visibleClassesWhere(user) } });
  if (!klass) return { ok: false, message: "Not found." };
  await openSessionNow(db, klass.id, user.id, now(), minutes.data);
  revalidatePath(`/teacher/classes/${klass.id}/live`);
  return { ok: true, message: "Session started: the classroom's kiosk accepts check-ins now." };
}
