// Which class session a kiosk is in right now: from the class's weekly schedule read in
// the school's time zone, or a session a teacher opened by hand.
//
// Session lifecycle (one state machine; README "Session lifecycle"):
//   scheduled  a weekly meeting (ClassMeeting) on a date: no record. Attempts that mark nobody
//              (unknown face, wrong PIN, …) are kept with the meeting (class + start), never a session.
//   → open     a ClassSession row, created only when a student is marked (face or PIN, live or
//              kept offline) or a teacher opens it (openScheduledSession, startSession).
//   → closed   by the minute job at the period's end, or by a teacher earlier: the unmarked
//              become Unexcused absence (method SYSTEM). After an early close the kiosk still
//              takes check-ins until the period's end: Tardy, "after close", replacing that absence.
//   cancelled  a meeting that did not take place (a holiday, a trip): it stays "scheduled"
//              forever, with no record, so it never closes and marks nobody absent. Not stored.
import type { ClassSession, PrismaClient } from "@/lib/generated/prisma/client";
import { instantOf, localDate, localWeekdayAndMinute } from "@/lib/dates";
import type { Db } from "@/lib/db/types";
import { upsertRaced } from "@/lib/db/races";
import { schoolSettings, type SchoolSettings } from "@/lib/settings";
import { closureOn } from "@/lib/calendar";

/** A kiosk accepts check-ins from this many minutes before a meeting starts until it ends. */
export const EARLY_MINUTES = 10;

export type SessionSlot = { classId: string; date: string; startsAt: Date; endsAt: Date; tardyAt: Date };
/** A slot in progress, with its session record when one exists already. */
export type CurrentSlot = SessionSlot & { session: ClassSession | null };
type Settings = Pick<SchoolSettings, "timeZone" | "defaultTardyMinutes">;

type Meeting = { classId: string; startMinute: number; endMinute: number; class: { tardyMinutes: number | null } };

/** A weekly meeting on a given local date, as instants. */
export function meetingSlot(m: Meeting, date: string, timeZone: string, defaultTardyMinutes = 10): SessionSlot {
  const tardyMinutes = m.class.tardyMinutes ?? defaultTardyMinutes;
  return {
    classId: m.classId,
    date,
    startsAt: instantOf(date, m.startMinute, timeZone),
    endsAt: instantOf(date, m.endMinute, timeZone),
    tardyAt: instantOf(date, m.startMinute + tardyMinutes, timeZone),
  };
}

/**
 * Every scheduled meeting of these (active) classes on a local date, whether or not a session
 * exists. None on a day without school (lib/calendar): the timetable does not meet then.
 */
export async function slotsOn(db: Db, classIds: string[], date: string, weekday: number, knownSettings?: Settings): Promise<SessionSlot[]> {
  if (classIds.length === 0 || (await closureOn(db, date))) return [];
  const settings = knownSettings !== undefined ? knownSettings : await schoolSettings(db);
  const meetings = await db.classMeeting.findMany({
    where: { classId: { in: classIds }, weekday, class: { status: "ACTIVE" } },
    include: { class: { select: { tardyMinutes: true } } },
    orderBy: { startMinute: "asc" },
  });
  return meetings.map((m) => meetingSlot(m, date, settings.timeZone, settings.defaultTardyMinutes));
}

/** The attempts of a meeting (kept without a session: see the lifecycle above). */
export function meetingAttemptsWhere(session: Pick<ClassSession, "classId" | "startsAt">) {
  return { classId: session.classId, slotStartsAt: session.startsAt };
}

/** What an attempt in this slot records about its meeting (and its session, when one exists). */
export function attemptMeeting(slot: SessionSlot & { session?: ClassSession | null }) {
  return { classId: slot.classId, slotStartsAt: slot.startsAt, sessionId: slot.session?.id ?? null };
}

/**
 * The meeting of one of these classes in progress at `at`, if any (the earliest-starting one).
 * A session closed before its period's end (by a teacher) is still in progress until that end:
 * latecomers are taken, as Tardy after close. So is a session closed since `at` (a check-in
 * kept offline by a kiosk and delivered later).
 */
export async function currentSlot(db: Db, classIds: string[], at: Date, knownSettings?: Settings): Promise<CurrentSlot | null> {
  if (classIds.length === 0) return null;
  const settings = knownSettings !== undefined ? knownSettings : await schoolSettings(db);
  const timeZone = settings.timeZone;
  // A session opened by hand (or already created) that covers this instant wins, open or closed.
  const existing = await db.classSession.findFirst({
    where: {
      classId: { in: classIds },
      startsAt: { lte: new Date(at.getTime() + EARLY_MINUTES * 60_000) },
      endsAt: { gt: at },
    },
    orderBy: { startsAt: "asc" },
  });
  if (existing)
    return {
      classId: existing.classId,
      date: existing.date,
      startsAt: existing.startsAt,
      endsAt: existing.endsAt,
      tardyAt: existing.tardyAt,
      session: existing,
    };

  const local = localWeekdayAndMinute(at, timeZone);
  // On a day without school the timetable does not meet; a session a teacher opened (above) still counts.
  if (await closureOn(db, local.date)) return null;
  const meetings = await db.classMeeting.findMany({
    where: {
      classId: { in: classIds },
      weekday: local.weekday,
      startMinute: { lte: local.minute + EARLY_MINUTES },
      endMinute: { gt: local.minute },
      class: { status: "ACTIVE" },
    },
    include: { class: { select: { tardyMinutes: true } } },
    orderBy: { startMinute: "asc" },
  });
  for (const m of meetings) {
    const slot = meetingSlot(m, local.date, timeZone, settings.defaultTardyMinutes);
    const session = await db.classSession.findUnique({ where: { classId_startsAt: { classId: slot.classId, startsAt: slot.startsAt } } });
    // A session that ended before `at` (the meeting was lengthened since) takes no more check-ins.
    if (!session || session.endsAt > at) return { ...slot, session };
  }
  return null;
}

/** The session record of a slot, created when its first student is marked or a teacher opens it (safe under concurrency). */
export async function sessionFor(db: Db, slot: SessionSlot & { session?: ClassSession | null }): Promise<ClassSession> {
  if (slot.session) return slot.session;
  return upsertRaced(() =>
    db.classSession.upsert({
      where: { classId_startsAt: { classId: slot.classId, startsAt: slot.startsAt } },
      create: { classId: slot.classId, date: slot.date, startsAt: slot.startsAt, endsAt: slot.endsAt, tardyAt: slot.tardyAt },
      update: {},
    }),
  );
}

/** A session a teacher starts by hand now (no schedule, or an extra lesson), for `minutes`. */
export async function openSessionNow(db: PrismaClient, classId: string, userId: string, at: Date, minutes = 50): Promise<ClassSession> {
  const [settings, klass] = await Promise.all([schoolSettings(db), db.class.findUniqueOrThrow({ where: { id: classId } })]);
  const tardyMinutes = klass.tardyMinutes ?? settings.defaultTardyMinutes;
  const startsAt = new Date(Math.floor(at.getTime() / 60_000) * 60_000);
  return upsertRaced(() =>
    db.classSession.upsert({
      where: { classId_startsAt: { classId, startsAt } },
      create: {
        classId,
        date: localDate(at, settings.timeZone),
        startsAt,
        endsAt: new Date(startsAt.getTime() + minutes * 60_000),
        tardyAt: new Date(startsAt.getTime() + tardyMinutes * 60_000),
        openedById: userId,
      },
      update: {},
    }),
  );
}
