// The school's matching rules from its own gallery: calibrate, apply (audited, the old rules
// kept for undo) and undo. Used by the Matching page and `npm run cli -- calibrate`.
import { upsertRaced } from "@/lib/db/races";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { writeAudit, type Actor } from "@/lib/audit";
import { calibrate, suggestedRules, type Calibration } from "@/lib/face/calibrate";
import { Gallery, bytesToDescriptor } from "@/lib/face/match";
import { lookAlikePairs } from "@/lib/face/identify";
import { matchingRulesSchema, type MatchingRules } from "@/lib/face/rules";
import { FACE_MODEL_ID } from "@/lib/face/types";
import { schoolSettings } from "@/lib/settings";

/** Templates of the students the kiosk identifies among: active and consenting. */
export async function schoolTemplates(db: PrismaClient) {
  const rows = await db.faceTemplate.findMany({
    where: { modelId: FACE_MODEL_ID, student: { status: "ACTIVE", consentStatus: "GRANTED" } },
    select: { studentId: true, descriptor: true },
    orderBy: { id: "asc" },
  });
  return rows.map((t) => ({ studentId: t.studentId, descriptor: bytesToDescriptor(t.descriptor) }));
}

export type SchoolCalibration = {
  calibration: Calibration;
  current: MatchingRules;
  suggested: MatchingRules | null;
  previous: MatchingRules | null;
  /** Pairs of students within the current threshold of each other: stricter kiosk rules apply to them. */
  lookAlikes: { a: string; b: string; distance: number }[];
};

export async function calibrateSchool(db: PrismaClient, targetFar?: number): Promise<SchoolCalibration> {
  const settings = await schoolSettings(db);
  const templates = await schoolTemplates(db);
  const calibration = calibrate(templates, targetFar ?? settings.targetFar);
  return {
    calibration,
    current: settings.rules,
    suggested: suggestedRules(calibration, settings.rules),
    previous: settings.previousRules,
    lookAlikes: lookAlikePairs(Gallery.fromTemplates(templates), settings.rules.threshold),
  };
}

/** Makes `rules` the school's rules; the rules they replace are kept for undo. Audited. */
export async function applyRules(db: PrismaClient, rules: MatchingRules, actor: Actor, reason: string): Promise<void> {
  const next = matchingRulesSchema.parse(rules);
  await db.$transaction(async (tx) => {
    const before = await schoolSettingsRow(tx);
    const current = before?.matchingRules ?? null;
    // Rules never stored are the defaults in force: those are what undo restores.
    const previous = current ?? (await schoolSettings(tx)).rules;
    await tx.schoolSettings.upsert({
      where: { id: 1 },
      create: { id: 1, matchingRules: next, previousMatchingRules: previous },
      update: { matchingRules: next, previousMatchingRules: previous },
    });
    await writeAudit(tx, actor, {
      action: "rules.apply",
      targetType: "SchoolSettings",
      targetId: "1",
      before: (current ?? null) as Prisma.InputJsonValue,
      after: next,
      reason,
    });
  });
}

/** Puts back the rules the last change replaced (and keeps the undone ones for redo). False when there is nothing to undo. */
export async function undoRules(db: PrismaClient, actor: Actor): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const row = await schoolSettingsRow(tx);
    if (!row?.previousMatchingRules) return false;
    const restored = matchingRulesSchema.parse(row.previousMatchingRules);
    await tx.schoolSettings.update({
      where: { id: 1 },
      data: { matchingRules: restored, previousMatchingRules: row.matchingRules ?? undefined },
    });
    await writeAudit(tx, actor, {
      action: "rules.undo",
      targetType: "SchoolSettings",
      targetId: "1",
      before: row.matchingRules as Prisma.InputJsonValue,
      after: restored,
      reason: "Undo of the last rules change",
    });
    return true;
  });
}

function schoolSettingsRow(tx: Prisma.TransactionClient) {
  return tx.schoolSettings.findUnique({ where: { id: 1 }, select: { matchingRules: true, previousMatchingRules: true } });
}

/** The false-accept rate the Matching page calibrates for, kept as the school's choice. */
export async function setTargetFar(db: PrismaClient, targetFar: number): Promise<void> {
  await upsertRaced(() => db.schoolSettings.upsert({ where: { id: 1 }, create: { id: 1, targetFar }, update: { targetFar } }));
}
