// Reads of students for the admin area: search, filters, sorting, pagination.
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { type StudentListQuery } from "@/lib/validations/student";
import { containsText } from "@/lib/db";
import { needsNewPhoto, type PhotoReason } from "@/lib/matching/photo-health";
import type { SchoolSettings } from "@/lib/settings";
import { STUDENT_NAME_FIELDS } from "@/lib/names";

export const PAGE_SIZE = 25;

/**
 * `photos`: the school's settings and the time for the one "needs a new photo" rule
 * (lib/matching/photo-health.ts): the filter *Needs a new photo* and each row's `photoReasons`.
 */
export async function listStudents(
  db: PrismaClient,
  query: StudentListQuery,
  photos?: { settings: Pick<SchoolSettings, "rules" | "reenrollMonths">; at: Date },
) {
  const needing = photos && query.faces === "needs-new" ? await needsNewPhoto(db, photos.settings, photos.at) : null;
  const where: Prisma.StudentWhereInput = { status: query.status ?? "ACTIVE" };
  if (query.q) {
    const text = containsText(db, query.q);
    where.OR = [{ givenName: text }, { familyName: text }, { identifier: text }, { preferredName: text }];
  }
  if (query.class) where.enrollments = { some: { classId: query.class } };
  if (query.consent) where.consentStatus = query.consent === "WITHOUT" ? { not: "GRANTED" } : query.consent;
  if (query.faces === "with") where.templates = { some: {} };
  if (query.faces === "without") where.templates = { none: {} };
  if (needing) where.AND = [{ id: { in: needing.map((n) => n.studentId) } }];
  const dir = query.dir ?? "asc";
  const orderBy: Prisma.StudentOrderByWithRelationInput[] =
    query.sort === "identifier"
      ? [{ identifier: dir }]
      : query.sort === "consent"
        ? [{ consentStatus: dir }, { familyName: "asc" }]
        : query.sort === "photos"
          ? [{ photos: { _count: dir } }, { familyName: "asc" }]
          : [{ familyName: dir }, { givenName: dir }];
  const page = query.page ?? 1;
  const [total, rows] = await Promise.all([
    db.student.count({ where }),
    db.student.findMany({
      where,
      orderBy,
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: {
        ...STUDENT_NAME_FIELDS,
        status: true,
        consentStatus: true,
        _count: { select: { photos: true, templates: true } },
        enrollments: { select: { class: { select: { code: true } } } },
      },
    }),
  ]);
  const needs = needing ?? (photos ? await needsNewPhoto(db, photos.settings, photos.at, { studentIds: rows.map((r) => r.id) }) : []);
  const reasons = new Map(needs.map((n) => [n.studentId, n.reasons]));
  return { total, rows: rows.map((r) => ({ ...r, photoReasons: reasons.get(r.id) ?? ([] as PhotoReason[]) })), page };
}

export function getStudent(db: PrismaClient, id: string) {
  return db.student.findUnique({
    where: { id },
    include: {
      consentRecordedBy: { select: { name: true, email: true } },
      enrollments: { include: { class: { select: { id: true, code: true, title: true } } }, orderBy: { class: { code: "asc" } } },
      photos: {
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          width: true,
          height: true,
          createdAt: true,
          templates: { select: { detectionScore: true, faceSize: true, photoTakenAt: true } },
        },
      },
      guardians: {
        orderBy: { guardian: { familyName: "asc" } },
        select: {
          fromRoster: true,
          guardian: {
            select: {
              id: true,
              sourcedId: true,
              givenName: true,
              familyName: true,
              email: true,
              language: true,
              status: true,
              optedOutAt: true,
            },
          },
        },
      },
      notices: {
        orderBy: { createdAt: "desc" },
        take: 10,
        select: {
          id: true,
          date: true,
          kind: true,
          status: true,
          sentAt: true,
          lastError: true,
          guardian: { select: { givenName: true, familyName: true } },
        },
      },
    },
  });
}

/** Names and identifiers of these students, by id (for pages that list students by id). */
export async function studentsById(db: PrismaClient, ids: string[]) {
  const rows = await db.student.findMany({
    where: { id: { in: ids } },
    select: { id: true, identifier: true, givenName: true, familyName: true, preferredName: true },
  });
  return new Map(rows.map((s) => [s.id, s]));
}

/** How many active students have each consent status. */
export async function consentCounts(db: PrismaClient): Promise<Record<"NONE" | "GRANTED" | "WITHDRAWN", number>> {
  const counts = await db.student.groupBy({ by: ["consentStatus"], where: { status: "ACTIVE" }, _count: true });
  const count = (s: string) => counts.find((c) => c.consentStatus === s)?._count ?? 0;
  return { NONE: count("NONE"), GRANTED: count("GRANTED"), WITHDRAWN: count("WITHDRAWN") };
}
