"use server";
// Matching rules from the school's own gallery: applied only when an admin confirms, audited,
// the old rules kept for undo. The threshold is calibrated again here, never taken from the form.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/lib/db";
import { applyRules, setTargetFar, calibrateSchool, undoRules } from "@/lib/matching/calibration";
import { adminActor } from "@/lib/auth/current-user";
import type { ActionResult } from "@/lib/students";
import { formOf } from "@/lib/validations/form";
import { NOT_ALLOWED } from "@/app/admin/admin-action";

const farSchema = z.coerce
  .number({ message: "The target must be a number." })
  .gt(0, { message: "The target must be above 0." })
  .max(0.1, { message: "The target must be at most 0.1 (1 in 10)." });

export async function applyCalibratedRulesAction(_prev: ActionResult | null, raw: unknown): Promise<ActionResult> {
  const admin = await adminActor();
  if (!admin) return NOT_ALLOWED;
  const form = formOf(raw);
  const far = farSchema.safeParse(form.get("targetFar"));
  if (!far.success) return { ok: false, message: far.error.issues[0].message };
  const result = await calibrateSchool(db, far.data);
  if (!result.suggested) return { ok: false, message: result.calibration.message };
  await applyRules(db, result.suggested, admin.actor, `Calibrated on the school's gallery for a false-accept rate of ${far.data}`);
  await setTargetFar(db, far.data);
  revalidatePath("/admin/matching");
  return {
    ok: true,
    message: `New rules applied: threshold ${result.suggested.threshold}, margin ${result.suggested.minMargin}. The kiosks use them from their next check-in.`,
  };
}

export async function undoRulesAction(_prev: ActionResult | null, _raw: unknown): Promise<ActionResult> {
  const admin = await adminActor();
  if (!admin) return NOT_ALLOWED;
  const done = await undoRules(db, admin.actor);
  revalidatePath("/admin/matching");
  return done ? { ok: true, message: "The previous rules are back in force." } : { ok: false, message: "There is nothing to undo." };
}
