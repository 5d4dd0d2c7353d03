import type { PrismaClient } from "@/lib/generated/prisma/client";
import { schoolSettings } from "@/lib/settings";

/** Counts for the admin dashboard. */
export async function adminDashboard(db: PrismaClient) {
  const [students, withConsent, studentsWithTemplates, classes, teachers, kiosks, settings] = await Promise.all([
    db.student.count({ where: { status: "ACTIVE" } }),
    db.student.count({ where: { status: "ACTIVE", consentStatus: "GRANTED" } }),
    db.student.count({ where: { status: "ACTIVE", templates: { some: {} } } }),
    db.class.count({ where: { status: "ACTIVE" } }),
    db.user.count({ where: { role: "TEACHER", active: true } }),
    db.kiosk.count({ where: { revoked: false } }),
    schoolSettings(db),
  ]);
  return { students, withConsent, studentsWithTemplates, classes, teachers, kiosks, schoolName: settings.name };
}
