// The admin's "Today": what is happening now (sessions in progress, kiosks), what needs doing
// (counts that link to their filtered lists), and how far the school's setup has come.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { schoolSettings } from "@/lib/settings";
import { todaysSessions } from "@/lib/data/today";
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
  const inProgress = today.items
    .filter((i) => i.startsAt <= nowIso && nowIso < i.endsAt && i.status !== "CLOSED")
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.code.localeCompare(b.code));
  return {
    schoolName: settings.name,
    timeZone: settings.timeZone,
    counts: { students, withConsent, studentsWithTemplates, noConsent, consentNoFaces, needsNewPhoto, classes, teachers },
    setup: {
      classesWithoutSchedule,
      teachersWithoutPassword,
      pairedKiosks: paired.length,
      classesMeeting: meetingClasses.length,
      classesWithKiosk,
    },
    inProgress,
    kiosks,
  };
}
