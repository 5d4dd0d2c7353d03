"use server";
// Matching rules from the school's own gallery: applied only when an admin confirms, audited,
// the old rules kept for undo. The threshold is calibrated again here, never taken from the form.
import { db } from "@/lib/db";
import { applyRules, setTargetFar, calibrateSchool, undoRules } from "@/lib/matching/calibration";
import { adminAction } from "@/app/server-action";
import { livenessModeSchema, targetFarSchema } from "@/lib/validations/settings";
import { setLiveness } from "@/lib/attendance/liveness";

const MATCHING = { revalidate: "/admin/matching" };

export const applyCalibratedRulesAction = adminAction(async (form, { actor }) => {
  const far = targetFarSchema.safeParse(form.get("targetFar"));
  if (!far.success) return { ok: false, message: far.error.issues[0].message };
  const result = await calibrateSchool(db, far.data);
  if (!result.suggested) return { ok: false, message: result.calibration.message };
  await applyRules(db, result.suggested, actor, `Calibrated on the school's gallery for a false-accept rate of ${far.data}`);
  await setTargetFar(db, far.data);
  return {
    ok: true,
    message: `New rules applied: threshold ${result.suggested.threshold}, margin ${result.suggested.minMargin}. The kiosks use them from their next check-in.`,
  };
}, MATCHING);

export const setSchoolLivenessAction = adminAction(async (form, { actor }) => {
  const mode = livenessModeSchema.safeParse(form.get("liveness"));
  if (!mode.success) return { ok: false, message: mode.error.issues[0].message };
  return setLiveness(db, mode.data, null, actor);
}, MATCHING);

export const undoRulesAction = adminAction(
  async (_form, { actor }) =>
    (await undoRules(db, actor))
      ? { ok: true, message: "The previous rules are back in force." }
      : { ok: false, message: "There is nothing to undo." },
  MATCHING,
);
