// The school's notice settings and wording, changed on the Notices page (audited).
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { writeAudit, type Actor } from "@/lib/audit";
import { invalid, type ActionResult } from "@/lib/result";
import { noticeSettingsSchema, noticeTemplateSchema } from "@/lib/validations/notices";
import { DEFAULT_BODY, DEFAULT_SUBJECT } from "./template";

export async function updateNoticeSettings(db: PrismaClient, raw: unknown, actor: Actor): Promise<ActionResult> {
  const parsed = noticeSettingsSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const v = parsed.data;
  const data = {
    noticesEnabled: v.enabled,
    noticeSendTime: v.sendTime,
    noticeDelayMinutes: v.delayMinutes,
    noticeExcused: v.excused,
    noticeTardy: v.tardy,
    noticeCorrections: v.corrections,
  };
  await db.$transaction(async (tx) => {
    await tx.schoolSettings.upsert({ where: { id: 1 }, create: { id: 1, ...data }, update: data });
    await writeAudit(tx, actor, { action: "settings.notices", targetType: "SchoolSettings", targetId: "1", after: data });
  });
  return { ok: true, message: v.enabled ? "Notice settings saved." : "Notice settings saved: guardian notices are off." };
}

/** Saves the school's wording; `reset` goes back to the default. */
export async function updateNoticeTemplate(db: PrismaClient, raw: unknown, actor: Actor, reset = false): Promise<ActionResult> {
  const parsed = reset
    ? { success: true as const, data: { subject: DEFAULT_SUBJECT, body: DEFAULT_BODY } }
    : noticeTemplateSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const data = reset ? { noticeSubject: null, noticeBody: null } : { noticeSubject: parsed.data.subject, noticeBody: parsed.data.body };
  await db.$transaction(async (tx) => {
    await tx.schoolSettings.upsert({ where: { id: 1 }, create: { id: 1, ...data }, update: data });
    await writeAudit(tx, actor, { action: "settings.notice-template", targetType: "SchoolSettings", targetId: "1", after: parsed.data });
  });
  return { ok: true, message: reset ? "The default wording is back." : "Wording saved: the next notices use it." };
}
