// The school's settings, with defaults applied in one place. Pages wrap it in React's
// cache(); lib code takes the database as an argument like everything else.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { LivenessMode } from "@/lib/generated/prisma/enums";
import { resolveRules, type MatchingRules } from "@/lib/face/rules";
import { DEFAULT_CHRONIC_MIN_SESSIONS } from "@/lib/attendance/rates";
import { DEFAULT_BODY, DEFAULT_SUBJECT, type NoticeTemplate } from "@/lib/notices/template";
import { minutesOf } from "@/lib/validations/class";
import type { SchoolClock } from "@/lib/dates";
import { schoolSettingsSchema } from "@/lib/validations/settings";
import { writeAudit, type Actor } from "@/lib/audit";
import { invalid, type ActionResult } from "@/lib/result";

export type SchoolSettings = {
  name: string;
  timeZone: string;
  timeFormat: "24h" | "12h";
  /** The zone and the time format together: what every time shown is written with (lib/dates.ts). */
  clock: SchoolClock;
  defaultTardyMinutes: number;
  retentionDays: number;
  rules: MatchingRules;
  /** Rules before the last change on the Matching page (undo), if any. */
  previousRules: MatchingRules | null;
  /** Calibration's target false-accept rate per impostor comparison. */
  targetFar: number;
  /** A student's newest photo older than this many months "needs a new photo". */
  reenrollMonths: number;
  /** Marked sessions in a range before chronic absence is flagged. */
  chronicMinSessions: number;
  /** Minutes after a session's end during which kiosks may deliver check-ins kept offline. */
  offlineGraceMinutes: number;
  /** The kiosk's liveness check for classes that do not set their own. */
  liveness: LivenessMode;
  notices: NoticeSettings;
};

/** Guardian absence notices (lib/notices). */
export type NoticeSettings = {
  enabled: boolean;
  /** Minutes after local midnight before which the day's notices wait; null: as sessions close. */
  sendMinute: number | null;
  /** Minutes a notice waits after its session closed (time for a teacher's correction). */
  delayMinutes: number;
  excused: boolean;
  tardy: boolean;
  corrections: boolean;
  template: NoticeTemplate;
};

export async function schoolSettings(db: Pick<PrismaClient, "schoolSettings">): Promise<SchoolSettings> {
  const s = await db.schoolSettings.findUnique({ where: { id: 1 } });
  const timeZone = s?.timeZone ?? "UTC";
  const timeFormat = s?.timeFormat === "12h" ? "12h" : "24h";
  return {
    name: s?.name ?? "Our school",
    timeZone,
    timeFormat,
    clock: { timeZone, hour12: timeFormat === "12h" },
    defaultTardyMinutes: s?.defaultTardyMinutes ?? 10,
    retentionDays: s?.retentionDays ?? 30,
    rules: resolveRules(s?.matchingRules),
    previousRules: s?.previousMatchingRules ? resolveRules(s.previousMatchingRules) : null,
    targetFar: s?.targetFar ?? 0.001,
    reenrollMonths: s?.reenrollMonths ?? 12,
    chronicMinSessions: s?.chronicMinSessions ?? DEFAULT_CHRONIC_MIN_SESSIONS,
    offlineGraceMinutes: s?.offlineGraceMinutes ?? 120,
    liveness: s?.liveness ?? "OFF",
    notices: {
      enabled: s?.noticesEnabled ?? true,
      sendMinute: s?.noticeSendTime ? minutesOf(s.noticeSendTime) : null,
      delayMinutes: s?.noticeDelayMinutes ?? 15,
      excused: s?.noticeExcused ?? false,
      tardy: s?.noticeTardy ?? false,
      corrections: s?.noticeCorrections ?? false,
      template: { subject: s?.noticeSubject ?? DEFAULT_SUBJECT, body: s?.noticeBody ?? DEFAULT_BODY },
    },
  };
}

/**
 * The school's name, the time zone its timetable is read in, and the default tardy minutes, from
 * the School page (audited). A new zone applies to meetings from now on; sessions already held
 * keep their instants. Before this page, ROLLCALL_TIMEZONE and ROLLCALL_SCHOOL_NAME were read at
 * the first start only.
 */
export async function updateSchoolSettings(db: PrismaClient, raw: unknown, actor: Actor): Promise<ActionResult> {
  const parsed = schoolSettingsSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const before = await schoolSettings(db);
  const data = parsed.data;
  await db.$transaction(async (tx) => {
    await tx.schoolSettings.upsert({ where: { id: 1 }, create: { id: 1, ...data }, update: data });
    await writeAudit(tx, actor, {
      action: "settings.school",
      targetType: "SchoolSettings",
      targetId: "1",
      before: {
        name: before.name,
        timeZone: before.timeZone,
        timeFormat: before.timeFormat,
        defaultTardyMinutes: before.defaultTardyMinutes,
      },
      after: data,
    });
  });
  const moved = before.timeZone !== data.timeZone ? ` Meeting times are now read in ${data.timeZone}.` : "";
  return { ok: true, message: `School settings saved.${moved}` };
}
