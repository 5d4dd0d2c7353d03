// What a kiosk may say about its room's day when no class is taking check-ins: today's
// meetings of its classes (title and local start–end), the next one to open, and whether the
// class that would be in session now was closed by its teacher. Only the timetable: no roster,
// no template, no score. Read in the school's time zone, at `at`.
import type { Db } from "@/lib/db/types";
import { localTime, localWeekdayAndMinute } from "@/lib/dates";
import { EARLY_MINUTES, slotsOn } from "@/lib/attendance/session";
import type { SchoolSettings } from "@/lib/settings";
import { closureOn } from "@/lib/calendar";
import type { NextMeeting, OutsideSession, TimetableEntry } from "./protocol";

type Settings = Pick<SchoolSettings, "timeZone" | "clock" | "defaultTardyMinutes">;

export type KioskDay = { timetable: TimetableEntry[]; next: NextMeeting | null; closed: boolean; noSchool: string | null };

/** Today's meetings of these classes (school time), the next one whose check-in has not opened yet, and whether a session covering `at` was closed. */
export async function kioskDay(db: Db, classIds: string[], at: Date, settings: Settings): Promise<KioskDay> {
  const local = localWeekdayAndMinute(at, settings.timeZone);
  const noSchool = (await closureOn(db, local.date))?.reason ?? null;
  if (classIds.length === 0) return { timetable: [], next: null, closed: false, noSchool };
  const early = EARLY_MINUTES * 60_000;
  const [slots, classes, closed] = await Promise.all([
    slotsOn(db, classIds, local.date, local.weekday, settings),
    db.class.findMany({ where: { id: { in: classIds } }, select: { id: true, title: true } }),
    // A scheduled or hand-opened session that would take check-ins now, had its teacher not closed it.
    db.classSession.count({
      where: { classId: { in: classIds }, status: "CLOSED", startsAt: { lte: new Date(at.getTime() + early) }, endsAt: { gt: at } },
    }),
  ]);
  const titles = new Map(classes.map((c) => [c.id, c.title]));
  const hhmm = (d: Date) => localTime(d, settings.clock);
  const timetable = slots.map((s) => ({ classTitle: titles.get(s.classId) ?? "", startsAt: hhmm(s.startsAt), endsAt: hhmm(s.endsAt) }));
  const upcoming = slots.find((s) => s.startsAt.getTime() - early > at.getTime());
  const next: NextMeeting | null = upcoming
    ? {
        classTitle: titles.get(upcoming.classId) ?? "",
        startsAt: hhmm(upcoming.startsAt),
        opensAt: hhmm(new Date(upcoming.startsAt.getTime() - early)),
      }
    : null;
  return { timetable, next, closed: closed > 0, noSchool };
}

/** What a check-in answer outside a session carries: the next meeting today, and `closed` when the teacher closed the one now. */
export async function outsideSession(db: Db, classIds: string[], at: Date, settings: Settings): Promise<OutsideSession> {
  const { next, closed, noSchool } = await kioskDay(db, classIds, at, settings);
  return { next, ...(closed ? { closed: true } : {}), ...(noSchool ? { noSchool } : {}) };
}
