// "Who needs a new photo": one rule, with its reasons, for the admin's Today, the students list
// filter, a class's enrollment health, Matching's re-take list, the re-shoot CSV and
// `npm run cli -- reshoot-list`. Before this rule each of those answered with its own subset.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { BORDERLINE_BAND } from "@/lib/attendance/confidence";
import { genuineDistances } from "@/lib/face/calibrate";
import { bytesToDescriptor } from "@/lib/face/match";
import { QUALITY_RULES } from "@/lib/face/quality";
import { FACE_MODEL_ID } from "@/lib/face/types";
import { toCsv } from "@/lib/csv";
import { schoolSettings, type SchoolSettings } from "@/lib/settings";
import { STUDENT_NAME_FIELDS } from "@/lib/names";

/** Borderline kiosk matches in this many days … */
export const BORDERLINE_DAYS = 60;
/** … at least this many make a student "needs a new photo". */
export const BORDERLINE_MIN = 3;

/** A photo counts as good at or above this face width and detector score; a student needs two photos. */
export const HEALTH_RULES = { minTemplates: 2, minFaceSize: QUALITY_RULES.comfortableFaceWidth, minScore: 0.8 };

/** Why a student needs a new photo, in the order they are listed. */
export const PHOTO_REASONS = ["no_photo", "one_photo", "weak_photos", "old_photos", "borderline", "photos_disagree"] as const;
export type PhotoReason = (typeof PHOTO_REASONS)[number];

/** What each reason tells the person taking the photo. */
export const PHOTO_REASON_TEXT: Record<PhotoReason, string> = {
  no_photo: "no photo enrolled",
  one_photo: "only one photo: add another",
  weak_photos: "only small or unclear faces: take a closer photo",
  old_photos: "every photo is older than the re-enrollment period: take a new one",
  borderline: "often only just recognised at the kiosk: take a new photo",
  photos_disagree: "own photos disagree (farther apart than the matching threshold): take new ones",
};

export type PhotoTemplate = { faceSize: number | null; detectionScore: number | null; photoTakenAt: Date | null; createdAt: Date };

/** Photos taken before this instant are old. */
export function photoCutoff(settings: Pick<SchoolSettings, "reenrollMonths">, at: Date): Date {
  const d = new Date(at);
  d.setUTCMonth(d.getUTCMonth() - settings.reenrollMonths);
  return d;
}

/**
 * The reasons one consenting student needs a new photo (empty: none). Pure: the facts that need
 * the database (borderline kiosk matches, the spread of their own photos) are passed in.
 */
export function photoReasons(
  templates: PhotoTemplate[],
  signs: { cutoff: Date; borderline: boolean; ownSpread: number | undefined; threshold: number },
): PhotoReason[] {
  if (templates.length === 0) return ["no_photo"];
  const reasons: PhotoReason[] = [];
  if (templates.length < HEALTH_RULES.minTemplates) reasons.push("one_photo");
  const good = (t: PhotoTemplate) => (t.faceSize ?? 0) >= HEALTH_RULES.minFaceSize && (t.detectionScore ?? 0) >= HEALTH_RULES.minScore;
  if (!templates.some(good)) reasons.push("weak_photos");
  if (templates.every((t) => (t.photoTakenAt ?? t.createdAt) < signs.cutoff)) reasons.push("old_photos");
  if (signs.borderline) reasons.push("borderline");
  if (signs.ownSpread !== undefined && signs.ownSpread > signs.threshold) reasons.push("photos_disagree");
  return reasons;
}

/** Ids of students with at least BORDERLINE_MIN face check-ins near the threshold in the last BORDERLINE_DAYS. */
export async function borderlineStudentIds(
  db: PrismaClient,
  settings: Pick<SchoolSettings, "rules">,
  at: Date,
  among?: string[],
): Promise<Set<string>> {
  const rows = await db.attendanceRecord.groupBy({
    by: ["studentId"],
    where: {
      method: "FACE",
      matchDistance: { gt: settings.rules.threshold - BORDERLINE_BAND },
      markedAt: { gte: new Date(at.getTime() - BORDERLINE_DAYS * 86_400_000), lte: at },
      ...(among ? { studentId: { in: among } } : {}),
    },
    _count: { _all: true },
  });
  return new Set(rows.filter((r) => r._count._all >= BORDERLINE_MIN).map((r) => r.studentId));
}

export type PhotoNeed = {
  studentId: string;
  identifier: string;
  givenName: string;
  familyName: string;
  preferredName: string | null;
  /** Codes of the classes the student is enrolled in, sorted. */
  classes: string[];
  reasons: PhotoReason[];
};

/**
 * Every active student with recorded consent who needs a new photo, with the reasons, sorted by
 * name: optionally only those enrolled in one class, or among some ids. Students without consent
 * are not listed: no photo may be taken of them (they check in by PIN or by the teacher).
 * "Own photos disagree" is measured against the threshold in force (what the kiosk uses), not
 * the one a calibration would suggest.
 */
export async function needsNewPhoto(
  db: PrismaClient,
  settings: Pick<SchoolSettings, "rules" | "reenrollMonths">,
  at: Date,
  scope: { classId?: string; studentIds?: string[] } = {},
): Promise<PhotoNeed[]> {
  const students = await db.student.findMany({
    where: {
      status: "ACTIVE",
      consentStatus: "GRANTED",
      ...(scope.classId ? { enrollments: { some: { classId: scope.classId } } } : {}),
      ...(scope.studentIds ? { id: { in: scope.studentIds } } : {}),
    },
    orderBy: [{ familyName: "asc" }, { givenName: "asc" }, { identifier: "asc" }],
    select: {
      ...STUDENT_NAME_FIELDS,
      enrollments: { select: { class: { select: { code: true } } } },
      templates: {
        select: { faceSize: true, detectionScore: true, photoTakenAt: true, createdAt: true, modelId: true, descriptor: true },
        orderBy: { id: "asc" },
      },
    },
  });
  const ids = students.map((s) => s.id);
  const borderline = await borderlineStudentIds(db, settings, at, ids);
  const { worst } = genuineDistances(
    students.flatMap((s) =>
      s.templates.filter((t) => t.modelId === FACE_MODEL_ID).map((t) => ({ studentId: s.id, descriptor: bytesToDescriptor(t.descriptor) })),
    ),
  );
  const cutoff = photoCutoff(settings, at);
  return students.flatMap((s) => {
    const reasons = photoReasons(s.templates, {
      cutoff,
      borderline: borderline.has(s.id),
      ownSpread: worst.get(s.id),
      threshold: settings.rules.threshold,
    });
    if (reasons.length === 0) return [];
    const classes = [...new Set(s.enrollments.map((e) => e.class.code))].sort();
    const { id, identifier, givenName, familyName, preferredName } = s;
    return [{ studentId: id, identifier, givenName, familyName, preferredName, classes, reasons }];
  });
}

/** The reasons as one line ("no photo enrolled; …"). */
export function reasonsText(reasons: readonly PhotoReason[]): string {
  return reasons.map((r) => PHOTO_REASON_TEXT[r]).join("; ");
}

export const RESHOOT_COLUMNS = ["identifier", "givenName", "familyName", "classes", "reason"] as const;

/**
 * The re-shoot list for photo day as CSV (classes space-separated, the reasons' text joined by
 * "; "), for the whole school or one class by code; null for an unknown class code. The download
 * on the students list and `npm run cli -- reshoot-list`.
 */
export async function reshootCsv(db: PrismaClient, at: Date, classCode?: string): Promise<string | null> {
  const klass = classCode ? await db.class.findUnique({ where: { code: classCode }, select: { id: true } }) : null;
  if (classCode && !klass) return null;
  const needs = await needsNewPhoto(db, await schoolSettings(db), at, { classId: klass?.id });
  return toCsv(
    RESHOOT_COLUMNS,
    needs.map((n) => [n.identifier, n.givenName, n.familyName, n.classes.join(" "), reasonsText(n.reasons)]),
  );
}
