// Which class session a kiosk is in right now: from the class's weekly schedule read in
// the school's time zone, or a session a teacher opened by hand. The session record is
// created when the first check-in arrives.
import type { ClassSession, PrismaClient } from "@/lib/generated/prisma/client";
import { instantOf, localDate, localWeekdayAndMinute } from "@/lib/dates";
import type { Db } from "@/lib/db/types";
import { upsertRaced } from "@/lib/db/races";
import { schoolSettings, type SchoolSettings } from "@/lib/settings";

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

/** Every scheduled meeting of these (active) classes on a local date, whether or not a session exists. */
export async function slotsOn(db: Db, classIds: string[], date: string, weekday: number, knownSettings?: Settings): Promise<SessionSlot[]> {
  if (classIds.length === 0) return [];
  const settings = knownSettings !== undefined ? knownSettings : await schoolSettings(db);
  const meetings = await db.classMeeting.findMany({
    where: { classId: { in: classIds }, weekday, class: { status: "ACTIVE" } },
    include: { class: { select: { tardyMinutes: true } } },
    orderBy: { startMinute: "asc" },
  });
  return meetings.map((m) => meetingSlot(m, date, settings.timeZone, settings.defaultTardyMinutes));
}

/**
 * The meeting of one of these classes in progress at `at`, if any (the earliest-starting one).
 * `closedAfter`: a check-in seen at `at` but delivered later (kept offline by a kiosk) still
 * belongs to a session closed since, as long as it was closed after `at`.
 */
export async function currentSlot(
  db: Db,
  classIds: string[],
  at: Date,
  knownSettings?: Settings,
  opts: { closedAfter?: boolean } = {},
): Promise<CurrentSlot | null> {
  if (classIds.length === 0) return null;
  const settings = knownSettings !== undefined ? knownSettings : await schoolSettings(db);
  const timeZone = settings.timeZone;
  // A session opened by hand (or already created) that covers this instant wins.
  const open = await db.classSession.findFirst({
    where: {
      classId: { in: classIds },
      ...(opts.closedAfter
        ? { OR: [{ status: "OPEN" as const }, { status: "CLOSED" as const, closedAt: { gt: at } }] }
        : { status: "OPEN" as const }),
      startsAt: { lte: new Date(at.getTime() + EARLY_MINUTES * 60_000) },
      endsAt: { gt: at },
    },
    orderBy: { startsAt: "asc" },
  });
  if (open)
    return { classId: open.classId, date: open.date, startsAt: open.startsAt, endsAt: open.endsAt, tardyAt: open.tardyAt, session: open };

  const local = localWeekdayAndMinute(at, timeZone);
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
    // A meeting whose session the teacher closed early takes no more check-ins.
    if (session?.status !== "CLOSED" || (opts.closedAfter && session.closedAt && session.closedAt > at)) return { ...slot, session };
  }
  return null;
}

/** The session record of a slot, created if this is the first check-in (safe under concurrency). */
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
