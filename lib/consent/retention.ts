// Biometric retention: photos and templates are kept only while they serve attendance.
// They are purged (deleted, with an audit entry per student) for a student who
//   - is archived, once `retentionDays` have passed since archiving;
//   - has had no current enrollment for `retentionDays` (the last enrollment ended, or
//     none began, that long ago);
//   - has no granted consent (withdrawal deletes at once already; this catches leftovers).
// Attendance records are not biometric and are never purged here.
// Runs every hour in the server and from `npm run cli -- purge [--dry-run]`.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { writeAudit, type Actor } from "@/lib/audit";
import { localDate } from "@/lib/dates";
import { schoolSettings } from "@/lib/settings";
import { studentName, STUDENT_NAME_FIELDS } from "@/lib/names";

export type PurgeReason = "archived" | "unenrolled" | "no consent";
export type PurgeCandidate = {
  studentId: string;
  identifier: string;
  name: string;
  reason: PurgeReason;
  since: string;
  photos: number;
  templates: number;
};

const DAY_MS = 86_400_000;

/** Students whose photos or templates are due for deletion at `at`. */
export async function purgeCandidates(db: PrismaClient, at: Date): Promise<PurgeCandidate[]> {
  const settings = await schoolSettings(db);
  const days = settings.retentionDays;
  const timeZone = settings.timeZone;
  const cutoff = new Date(at.getTime() - days * DAY_MS);
  const cutoffDate = localDate(cutoff, timeZone);
  const students = await db.student.findMany({
    where: { OR: [{ photos: { some: {} } }, { templates: { some: {} } }] },
    select: {
      ...STUDENT_NAME_FIELDS,
      status: true,
      archivedAt: true,
      consentStatus: true,
      consentAt: true,
      createdAt: true,
      enrollments: { select: { endDate: true } },
      _count: { select: { photos: true, templates: true } },
    },
    orderBy: { identifier: "asc" },
  });
  const out: PurgeCandidate[] = [];
  for (const s of students) {
    const base = {
      studentId: s.id,
      identifier: s.identifier,
      name: studentName(s),
      photos: s._count.photos,
      templates: s._count.templates,
    };
    // The last day the student was enrolled anywhere; "" when an enrollment is open-ended.
    const ends = s.enrollments.map((e) => e.endDate ?? "");
    const lastDay = ends.length === 0 ? localDate(s.createdAt, timeZone) : ends.includes("") ? "" : ends.sort().at(-1)!;
    if (s.consentStatus !== "GRANTED")
      out.push({ ...base, reason: "no consent", since: (s.consentAt ?? s.createdAt).toISOString().slice(0, 10) });
    else if (s.status === "ARCHIVED" && s.archivedAt && s.archivedAt <= cutoff)
      out.push({ ...base, reason: "archived", since: localDate(s.archivedAt, timeZone) });
    else if (lastDay !== "" && lastDay < cutoffDate) out.push({ ...base, reason: "unenrolled", since: lastDay });
  }
  return out;
}

/** Deletes the candidates' photos and templates, one transaction and audit entry per student. */
export async function purgeBiometrics(
  db: PrismaClient,
  at: Date,
  actor: Actor,
  opts: { dryRun?: boolean } = {},
): Promise<PurgeCandidate[]> {
  const candidates = await purgeCandidates(db, at);
  if (opts.dryRun) return candidates;
  const days = (await schoolSettings(db)).retentionDays;
  for (const c of candidates) {
    await db.$transaction(async (tx) => {
      const templates = await tx.faceTemplate.deleteMany({ where: { studentId: c.studentId } });
      const photos = await tx.facePhoto.deleteMany({ where: { studentId: c.studentId } });
      await writeAudit(tx, actor, {
        action: "biometrics.purge",
        targetType: "Student",
        targetId: c.studentId,
        before: { photos: photos.count, templates: templates.count },
        after: { photos: 0, templates: 0 },
        reason: c.reason === "no consent" ? "no granted consent" : `${c.reason} since ${c.since}, retention ${days} days`,
      });
    });
  }
  return candidates;
}
