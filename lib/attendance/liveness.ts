// The head-turn challenge on the server (the rule itself is lib/face/liveness.ts): which
// classes ask for it, the challenge a recognised face is given instead of a mark, and the
// judgement of the kiosk's answer. A challenge is a row (several app instances may serve one
// kiosk), short-lived, and never tells the kiosk whom it recognised.
import crypto from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { LivenessMode } from "@/lib/generated/prisma/enums";
import type { Gallery } from "@/lib/face/match";
import { HEAD_TURN_RULES, judgeHeadTurn, type TurnSide, type TurnVerdict } from "@/lib/face/liveness";
import { testLivenessSide } from "@/lib/clock";
import type { FaceAnswer } from "@/lib/kiosk/protocol";
import { schoolSettings } from "@/lib/settings";
import { writeAudit } from "@/lib/audit";
import { upsertRaced } from "@/lib/db/races";

export const CHALLENGE_FAILED_MESSAGE = "Not confirmed, please try again or see your teacher.";
/** Extra time beyond the kiosk's window for the answer to arrive. */
const ANSWER_SLACK_MS = 4_000;

/** A class's own setting, else the school's. */
export function effectiveLiveness(classSetting: LivenessMode | null | undefined, schoolDefault: LivenessMode): LivenessMode {
  return classSetting ?? schoolDefault;
}

/** Records a challenge for a face recognised as `studentId`; the kiosk learns only the side. */
export async function startChallenge(
  db: PrismaClient,
  args: { kioskId: string; trackId: string; studentId: string; classId: string; slotStartsAt: Date; distance: number },
  at: Date,
): Promise<Extract<FaceAnswer, { outcome: "challenge" }>> {
  const side: TurnSide = testLivenessSide() ?? (crypto.randomInt(2) === 0 ? "left" : "right");
  const id = crypto.randomBytes(18).toString("base64url");
  await db.livenessChallenge.create({
    data: {
      id,
      ...args,
      direction: side,
      createdAt: at,
      expiresAt: new Date(at.getTime() + HEAD_TURN_RULES.windowMs + ANSWER_SLACK_MS),
    },
  });
  return { trackId: args.trackId, outcome: "challenge", challengeId: id, side, expiresInMs: HEAD_TURN_RULES.windowMs };
}

export type ChallengeResult =
  | { passed: true; studentId: string; distance: number }
  | { passed: false; reason: Exclude<TurnVerdict, { ok: true }>["reason"] | "unknown_challenge" | "expired" | "other_session" };

/**
 * Judges a kiosk's answer to a challenge and deletes the challenge (one answer each): the
 * challenge must be this kiosk's and track's, unexpired and for the meeting in progress (no
 * session exists before the student is marked: it is created by the mark), and
 * the frames must pass the head-turn rule against the recognised student's own templates.
 */
export async function answerChallenge(
  db: PrismaClient,
  args: { kioskId: string; classId: string; slotStartsAt: Date; gallery: Gallery; threshold: number },
  face: { trackId: string; challengeId: string; frames: number[][]; turns: number[] },
  at: Date,
): Promise<ChallengeResult> {
  // Found and deleted in one transaction: two copies of one answer cannot both pass.
  const challenge = await db.$transaction(async (tx) => {
    const found = await tx.livenessChallenge.findFirst({ where: { id: face.challengeId, kioskId: args.kioskId, trackId: face.trackId } });
    if (found) await tx.livenessChallenge.delete({ where: { id: found.id } });
    return found;
  });
  if (!challenge) return { passed: false, reason: "unknown_challenge" };
  if (challenge.expiresAt <= at) return { passed: false, reason: "expired" };
  if (challenge.classId !== args.classId || challenge.slotStartsAt.getTime() !== args.slotStartsAt.getTime())
    return { passed: false, reason: "other_session" };
  const frames = face.frames.map((descriptor, i) => ({
    turn: face.turns[i],
    distance: args.gallery.distanceTo(challenge.studentId, descriptor),
  }));
  const verdict = judgeHeadTurn(challenge.direction as TurnSide, frames, args.threshold);
  if (!verdict.ok) return { passed: false, reason: verdict.reason };
  return { passed: true, studentId: challenge.studentId, distance: challenge.distance };
}

/** Expired challenges (a student who walked away): deleted by the hourly purge. */
export async function purgeLivenessChallenges(db: PrismaClient, at: Date): Promise<number> {
  return (await db.livenessChallenge.deleteMany({ where: { expiresAt: { lt: at } } })).count;
}

export const LIVENESS_LABEL: Record<LivenessMode, string> = { OFF: "off", HEAD_TURN: "head turn" };

/**
 * Sets the liveness check for one class (`classCode`; null mode: back to the school default) or
 * the school's default (no class). Audited. Returns the setting now in force, in words.
 */
export async function setLiveness(
  db: PrismaClient,
  mode: LivenessMode | null,
  classCode: string | null,
  actor: { userId?: string; label: string },
): Promise<{ ok: true; message: string } | { ok: false; message: string }> {
  const settings = await schoolSettings(db);
  if (!classCode) {
    if (mode === null) return { ok: false, message: "The school's default is either off or head turn." };
    await upsertRaced(() => db.schoolSettings.upsert({ where: { id: 1 }, create: { id: 1, liveness: mode }, update: { liveness: mode } }));
    await writeAudit(db, actor, {
      action: "settings.liveness",
      targetType: "SchoolSettings",
      targetId: "1",
      before: { liveness: settings.liveness },
      after: { liveness: mode },
    });
    return { ok: true, message: `School default liveness check: ${LIVENESS_LABEL[mode]}` };
  }
  const klass = await db.class.findUnique({ where: { code: classCode } });
  if (!klass) return { ok: false, message: `No class with code "${classCode}".` };
  await db.class.update({ where: { id: klass.id }, data: { liveness: mode } });
  await writeAudit(db, actor, {
    action: "class.liveness",
    targetType: "Class",
    targetId: klass.id,
    before: { liveness: klass.liveness },
    after: { liveness: mode },
  });
  const inForce = effectiveLiveness(mode, settings.liveness);
  return {
    ok: true,
    message: `Liveness check for ${klass.code}: ${LIVENESS_LABEL[inForce]}${mode === null ? " (the school default)" : ""}`,
  };
}
