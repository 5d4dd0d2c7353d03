// Classroom screens. An admin creates a kiosk and gets a one-time pairing code; the screen
// trades it for a device token. Only hashes of code and token are stored.
import crypto from "node:crypto";
import { InputError } from "@/lib/result";
import type { Kiosk, PrismaClient } from "@/lib/generated/prisma/client";
import { writeAudit, type Actor } from "@/lib/audit";
import { currentSlot } from "@/lib/attendance/session";
import { now } from "@/lib/clock";
import { baseUrl } from "@/lib/config";
import type { KioskStatus } from "./protocol";
import { kioskDay } from "./timetable";
import { schoolSettings } from "@/lib/settings";
import { engineReportSchema, kioskNameSchema, kioskSchema, outboxLengthSchema } from "@/lib/validations/kiosk";

export const PAIRING_CODE_TTL_MS = 24 * 60 * 60_000;
export const KIOSK_COOKIE = "rollcall_kiosk";
/** A paired screen calls every 30 s: silent for longer than this, it counts as offline. */
export const KIOSK_OFFLINE_AFTER_MS = 2 * 60_000;
const CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O, 1/I

export const sha256 = (value: string) => crypto.createHash("sha256").update(value).digest("hex");

function pairingCode(): string {
  return Array.from(crypto.randomBytes(10), (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join("");
}

/** The code as people type it: case and spaces or dashes do not matter. */
export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, "");
}

/** A new kiosk and its one-time pairing code; an InputError (its message for the admin) for bad input. */
export async function createKiosk(db: PrismaClient, raw: unknown, actor: Actor, at = now()): Promise<{ kiosk: Kiosk; code: string }> {
  const parsed = kioskSchema.safeParse(raw);
  if (!parsed.success) throw new InputError(parsed.error.issues.map((i) => i.message).join(" "));
  const data = parsed.data;
  if (data.classId && !(await db.class.findUnique({ where: { id: data.classId } }))) throw new InputError("No such class.");
  const code = pairingCode();
  const kiosk = await db.$transaction(async (tx) => {
    const k = await tx.kiosk.create({
      data: { ...data, pairingCodeHash: sha256(code), pairingExpiresAt: new Date(at.getTime() + PAIRING_CODE_TTL_MS) },
    });
    await writeAudit(tx, actor, { action: "kiosk.create", targetType: "Kiosk", targetId: k.id, after: data });
    return k;
  });
  return { kiosk, code };
}

/** A fresh pairing code for a kiosk (e.g. a replaced screen); the old device token stops working. */
export async function repairKiosk(db: PrismaClient, kioskId: string, actor: Actor, at = now()): Promise<string> {
  const code = pairingCode();
  await db.$transaction(async (tx) => {
    await tx.kiosk.update({
      where: { id: kioskId },
      data: {
        pairingCodeHash: sha256(code),
        pairingExpiresAt: new Date(at.getTime() + PAIRING_CODE_TTL_MS),
        tokenHash: null,
        revoked: false,
        revokedAt: null,
      },
    });
    await writeAudit(tx, actor, { action: "kiosk.pairing-code", targetType: "Kiosk", targetId: kioskId });
  });
  return code;
}

/** Trades a valid pairing code for a device token (returned once; only its hash is kept). */
export async function pairKiosk(db: PrismaClient, code: string, at = now()): Promise<{ kiosk: Kiosk; token: string } | null> {
  const hash = sha256(normaliseCode(code));
  const token = crypto.randomBytes(32).toString("base64url");
  return db.$transaction(async (tx) => {
    const kiosk = await tx.kiosk.findUnique({ where: { pairingCodeHash: hash } });
    if (!kiosk || kiosk.revoked || !kiosk.pairingExpiresAt || kiosk.pairingExpiresAt <= at) return null;
    const paired = await tx.kiosk.update({
      where: { id: kiosk.id },
      data: { tokenHash: sha256(token), pairingCodeHash: null, pairingExpiresAt: null, pairedAt: at },
    });
    await writeAudit(tx, { label: `kiosk:${kiosk.id}` }, { action: "kiosk.pair", targetType: "Kiosk", targetId: kiosk.id });
    return { kiosk: paired, token };
  });
}

/** The paired, unrevoked kiosk of a device token, or null. */
export async function kioskByToken(db: PrismaClient, token: string | undefined | null): Promise<Kiosk | null> {
  if (!token || token.length > 200) return null;
  const kiosk = await db.kiosk.findUnique({ where: { tokenHash: sha256(token) } });
  return kiosk && !kiosk.revoked ? kiosk : null;
}

export async function revokeKiosk(db: PrismaClient, kioskId: string, actor: Actor, at = now()): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.kiosk.update({ where: { id: kioskId }, data: { revoked: true, revokedAt: at, tokenHash: null, pairingCodeHash: null } });
    await writeAudit(tx, actor, { action: "kiosk.revoke", targetType: "Kiosk", targetId: kioskId });
  });
}

/** Ends a probing alarm: face check-in works again on the kiosk. False when it was not paused. */
export async function resumeRecognition(db: PrismaClient, kioskId: string, actor: Actor): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const k = await tx.kiosk.findUnique({ where: { id: kioskId }, select: { recognitionPausedAt: true, recognitionPausedReason: true } });
    if (!k?.recognitionPausedAt) return false;
    await tx.kiosk.update({ where: { id: kioskId }, data: { recognitionPausedAt: null, recognitionPausedReason: null } });
    await writeAudit(tx, actor, {
      action: "kiosk.resume_recognition",
      targetType: "Kiosk",
      targetId: kioskId,
      before: { pausedAt: k.recognitionPausedAt.toISOString(), reason: k.recognitionPausedReason },
    });
    return true;
  });
}

export async function renameKiosk(db: PrismaClient, kioskId: string, name: string, actor: Actor): Promise<void> {
  const parsed = kioskNameSchema.parse(name);
  await db.$transaction(async (tx) => {
    await tx.kiosk.update({ where: { id: kioskId }, data: { name: parsed } });
    await writeAudit(tx, actor, { action: "kiosk.rename", targetType: "Kiosk", targetId: kioskId, after: { name: parsed } });
  });
}

/** The classes a kiosk serves: its class, or the active classes held in its room. */
export async function kioskClassIds(db: PrismaClient, kiosk: Kiosk): Promise<string[]> {
  if (kiosk.classId) return [kiosk.classId];
  if (!kiosk.room) return [];
  return (await db.class.findMany({ where: { room: kiosk.room, status: "ACTIVE" }, select: { id: true } })).map((c) => c.id);
}

export function pairingLink(code: string, base = baseUrl()): string {
  return `${base.replace(/\/$/, "")}/kiosk/pair?code=${code}`;
}

/**
 * What the screen's status call answers. The screen reports how it runs recognition and how
 * many check-ins it holds offline; stored for the admin's kiosk list (a malformed report is ignored).
 */
export async function kioskStatus(
  db: PrismaClient,
  kiosk: Kiosk,
  at: Date,
  report: { engine?: unknown; queue?: unknown } = {},
): Promise<KioskStatus> {
  const engine = engineReportSchema.safeParse(report.engine);
  const queue = outboxLengthSchema.safeParse(report.queue);
  await db.kiosk.update({
    where: { id: kiosk.id },
    data: {
      lastContactAt: at,
      ...(engine.success ? { engineMode: engine.data.mode, engineBackend: engine.data.backend } : {}),
      ...(queue.success ? { outboxLength: queue.data } : {}),
    },
  });
  const settings = await schoolSettings(db);
  const classIds = await kioskClassIds(db, kiosk);
  const [slot, day] = await Promise.all([currentSlot(db, classIds, at, settings), kioskDay(db, classIds, at, settings)]);
  const klass = slot ? await db.class.findUnique({ where: { id: slot.classId }, select: { title: true } }) : null;
  return {
    paired: true,
    name: kiosk.name,
    classTitle: klass?.title ?? null,
    sessionEndsAt: slot ? slot.endsAt.toISOString() : null,
    offlineGraceMinutes: settings.offlineGraceMinutes,
    paused: kiosk.recognitionPausedAt !== null,
    timetable: day.timetable,
    next: slot ? null : day.next,
    closed: !slot && day.closed,
    noSchool: slot ? null : day.noSchool,
    // The screen's clock shows the school's time, from the server's (a screen's own clock may be wrong).
    timeZone: settings.timeZone,
    hour12: settings.clock.hour12,
    serverTime: at.toISOString(),
  };
}

/**
 * Answered kiosk events are kept for replays only while one could still be taken (a day, the
 * longest a check-in may wait in a screen's outbox), then deleted. Returns how many.
 */
export async function purgeKioskEvents(db: PrismaClient, at: Date): Promise<number> {
  const { count } = await db.kioskEvent.deleteMany({ where: { createdAt: { lt: new Date(at.getTime() - 2 * 24 * 3600_000) } } });
  return count;
}
