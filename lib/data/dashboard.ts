// The admin's "Today": what is happening now (sessions in progress, kiosks), what needs doing
// (counts that link to their filtered lists), and how far the school's setup has come.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { schoolSettings } from "@/lib/settings";
import { todaysSessions } from "@/lib/data/today";
import { EARLY_MINUTES } from "@/lib/attendance/session";
import { pinLockouts } from "@/lib/attendance/pin";
import { KIOSK_OFFLINE_AFTER_MS } from "@/lib/kiosk/devices";
import { localDate, instantOf } from "@/lib/dates";
import { needsNewPhoto as needingPhotos } from "@/lib/matching/photo-health";

const ADMIN_VIEWER = { id: "admin-dashboard", role: "ADMIN" as const };

export async function adminDashboard(db: PrismaClient, at: Date) {
  const settings = await schoolSettings(db);
  const active = { status: "ACTIVE" as const };
  const [
    students,
    withConsent,
    studentsWithTemplates,
    noConsent,
    consentNoFaces,
    needsNewPhoto,
    classes,
    classesWithoutSchedule,
    teachers,
    teachersWithoutPassword,
    kiosks,
    today,
    meetingClasses,
  ] = await Promise.all([
    db.student.count({ where: active }),
    db.student.count({ where: { ...active, consentStatus: "GRANTED" } }),
    db.student.count({ where: { ...active, templates: { some: {} } } }),
    db.student.count({ where: { ...active, consentStatus: { not: "GRANTED" } } }), // withdrawn too: neither may be processed
    db.student.count({ where: { ...active, consentStatus: "GRANTED", templates: { none: {} } } }),
    needingPhotos(db, settings, at).then((needs) => needs.length),
    db.class.count({ where: active }),
    db.class.count({ where: { ...active, meetings: { none: {} } } }),
    db.user.count({ where: { role: "TEACHER", active: true } }),
    // "!" never verifies: an imported teacher nobody has set a password for (lib/roster/steps.ts).
    db.user.count({ where: { role: "TEACHER", active: true, passwordHash: "!" } }),
    db.kiosk.findMany({
      where: { revoked: false },
      orderBy: { name: "asc" },
      select: {
        id: true,
        name: true,
        room: true,
        classId: true,
        pairedAt: true,
        lastContactAt: true,
        outboxLength: true,
        recognitionPausedAt: true,
        class: { select: { code: true } },
      },
    }),
    todaysSessions(db, ADMIN_VIEWER, at),
    db.class.findMany({ where: { ...active, meetings: { some: {} } }, select: { id: true, room: true } }),
  ]);
  // "A kiosk in each classroom": every class that meets has a paired kiosk of its own or one in its room.
  const paired = kiosks.filter((k) => k.pairedAt);
  const kioskClassIds = new Set(paired.map((k) => k.classId));
  // A room kiosk serves the classes whose room is spelled the same (lib/kiosk/devices.ts).
  const kioskRooms = new Set(paired.map((k) => k.room).filter((room) => room !== null));
  const classesWithKiosk = meetingClasses.filter((c) => kioskClassIds.has(c.id) || (c.room !== null && kioskRooms.has(c.room))).length;
  const nowIso = at.toISOString();
  // In session: an open session until its end (students check in from 10 minutes before the
  // start: such a session was missed before), or a meeting under way that nobody closed.
  const opensIso = (i: { startsAt: string }) => new Date(Date.parse(i.startsAt) - EARLY_MINUTES * 60_000).toISOString();
  const inProgress = today.items
    .filter((i) => nowIso < i.endsAt && (i.status === "OPEN" ? opensIso(i) <= nowIso : i.status === "NOT_STARTED" && i.startsAt <= nowIso))
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.code.localeCompare(b.code));
  const exceptions = await todaysExceptions(db, at, {
    items: today.items,
    inProgress,
    kiosks: paired,
    meetingClassRooms: new Map(meetingClasses.map((c) => [c.id, c.room])),
    timeZone: settings.timeZone,
  });
  const counts = { students, withConsent, studentsWithTemplates, noConsent, consentNoFaces, needsNewPhoto, classes, teachers };
  // Getting started, in order: a step is done when there is something and nothing is missing
  // (no kiosk is "in each classroom" while there are no classes).
  const steps = [
    { key: "roster", done: students > 0 && classes > 0 },
    { key: "schedule", done: classes > 0 && classesWithoutSchedule === 0 },
    { key: "passwords", done: teachers > 0 && teachersWithoutPassword === 0 },
    { key: "consent", done: withConsent > 0 },
    { key: "photos", done: studentsWithTemplates > 0 },
    { key: "kiosk", done: meetingClasses.length > 0 && classesWithKiosk === meetingClasses.length },
  ] as const;
  return {
    steps,
    schoolName: settings.name,
    timeZone: settings.timeZone,
    clock: settings.clock,
    counts,
    setup: {
      classesWithoutSchedule,
      teachersWithoutPassword,
      pairedKiosks: paired.length,
      classesMeeting: meetingClasses.length,
      classesWithKiosk,
    },
    inProgress,
    noSchool: today.noSchool,
    kiosks,
    exceptions,
  };
}

type DashboardKiosk = {
  id: string;
  name: string;
  classId: string | null;
  room: string | null;
  lastContactAt: Date | null;
  recognitionPausedAt: Date | null;
};
type TodayItems = Awaited<ReturnType<typeof todaysSessions>>["items"];

/**
 * What went wrong today, each with where it is fixed: meetings that ended with no attendance
 * taken (nobody checked in, nobody opened it), classes in session whose kiosk is offline or
 * paused, PIN entry paused for a student or a screen, and students who checked in by PIN today
 * although they have an enrolled face (the camera did not recognise them).
 */
async function todaysExceptions(
  db: PrismaClient,
  at: Date,
  day: {
    items: TodayItems;
    inProgress: TodayItems;
    kiosks: DashboardKiosk[];
    meetingClassRooms: Map<string, string | null>;
    timeZone: string;
  },
) {
  const nowIso = at.toISOString();
  const unattended = day.items.filter((i) => i.endsAt <= nowIso && i.status === "NOT_STARTED");
  const kioskTrouble = day.inProgress.flatMap((i) => {
    const room = day.meetingClassRooms.get(i.classId) ?? i.room;
    return day.kiosks
      .filter((k) => k.classId === i.classId || (room !== null && k.room === room))
      .flatMap((k): { code: string; kiosk: string; problem: "face check-in paused" | "offline" }[] => {
        if (k.recognitionPausedAt) return [{ code: i.code, kiosk: k.name, problem: "face check-in paused" }];
        const last = k.lastContactAt;
        if (!last || at.getTime() - last.getTime() > KIOSK_OFFLINE_AFTER_MS) return [{ code: i.code, kiosk: k.name, problem: "offline" }];
        return [];
      });
  });
  const today = localDate(at, day.timeZone);
  const since = instantOf(today, 0, day.timeZone);
  const [lockouts, byPin] = await Promise.all([
    pinLockouts(db, at),
    db.attendanceRecord.findMany({
      where: { method: "PIN", markedAt: { gte: since, lte: at }, student: { templates: { some: {} } } },
      select: { studentId: true },
      distinct: ["studentId"],
    }),
  ]);
  return { unattended, kioskTrouble, lockouts, notRecognised: byPin.length };
}
