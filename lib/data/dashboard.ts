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
  ] = await Promise.all([
    db.student.count({ where: active }),
    db.student.count({ where: { ...active, consentStatus: "GRANTED" } }),
    db.student.count({ where: { ...active, templates: { some: {} } } }),
    db.student.count({ where: { ...active, consentStatus: "NONE" } }),
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
        pairedAt: true,
        lastContactAt: true,
        outboxLength: true,
        recognitionPausedAt: true,
        class: { select: { code: true } },
      },
    }),
    todaysSessions(db, ADMIN_VIEWER, at),
  ]);
  const nowIso = at.toISOString();
  const inProgress = today.items
    .filter((i) => i.startsAt <= nowIso && nowIso < i.endsAt && i.status !== "CLOSED")
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.code.localeCompare(b.code));
  return {
    schoolName: settings.name,
    timeZone: settings.timeZone,
    counts: { students, withConsent, studentsWithTemplates, noConsent, consentNoFaces, needsNewPhoto, classes, teachers },
    setup: { classesWithoutSchedule, teachersWithoutPassword, pairedKiosks: kiosks.filter((k) => k.pairedAt).length },
    inProgress,
    kiosks,
  };
}
