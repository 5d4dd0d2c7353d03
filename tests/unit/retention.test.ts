// The biometric retention policy on a real database: who is purged, when, and what stays.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { descriptorToBytes } from "@/lib/face/match";
import { FACE_MODEL_ID } from "@/lib/face/types";
import { purgeBiometrics, purgeCandidates } from "@/lib/consent/retention";
import { freshDb } from "./helpers";

let ctx: Awaited<ReturnType<typeof freshDb>>;
const NOW = new Date("2026-12-01T12:00:00Z");
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);
const dateDaysAgo = (n: number) => daysAgo(n).toISOString().slice(0, 10);

beforeEach(async () => {
  ctx = await freshDb();
  const db = ctx.db;
  await db.schoolSettings.create({ data: { id: 1, timeZone: "UTC", retentionDays: 30 } });
  const klass = await db.class.create({ data: { code: "C", title: "C" } });
  const session = await db.classSession.create({
    data: {
      classId: klass.id,
      date: "2026-10-01",
      startsAt: new Date("2026-10-01T08:00:00Z"),
      endsAt: new Date("2026-10-01T09:00:00Z"),
      tardyAt: new Date("2026-10-01T08:10:00Z"),
    },
  });
  const people: [
    string,
    { status?: "ARCHIVED"; archivedAt?: Date; consent?: "WITHDRAWN"; enrollmentEnd?: string | null; createdAt?: Date },
  ][] = [
    ["ARCH-OLD", { status: "ARCHIVED", archivedAt: daysAgo(40), enrollmentEnd: null }],
    ["ARCH-NEW", { status: "ARCHIVED", archivedAt: daysAgo(10), enrollmentEnd: null }],
    ["LEFT-OLD", { enrollmentEnd: dateDaysAgo(31) }],
    ["LEFT-NEW", { enrollmentEnd: dateDaysAgo(5) }],
    ["CURRENT", { enrollmentEnd: null }],
    ["NEVER-OLD", { createdAt: daysAgo(60) }],
    ["NEVER-NEW", { createdAt: daysAgo(3) }],
    ["WITHDRAWN", { consent: "WITHDRAWN", enrollmentEnd: null }],
  ];
  for (const [id, p] of people) {
    const s = await db.student.create({
      data: {
        identifier: id,
        givenName: id,
        familyName: "X",
        status: p.status ?? "ACTIVE",
        archivedAt: p.archivedAt,
        consentStatus: p.consent ?? "GRANTED",
        createdAt: p.createdAt ?? daysAgo(100),
      },
    });
    if (p.enrollmentEnd !== undefined)
      await db.enrollment.create({ data: { classId: klass.id, studentId: s.id, endDate: p.enrollmentEnd } });
    const photo = await db.facePhoto.create({
      data: { studentId: s.id, mimeType: "image/jpeg", bytes: new Uint8Array([1, 2, 3]), sha256: id, width: 1, height: 1 },
    });
    await db.faceTemplate.create({
      data: { studentId: s.id, photoId: photo.id, descriptor: descriptorToBytes(new Float32Array(128)), modelId: FACE_MODEL_ID },
    });
    await db.attendanceRecord.create({
      data: { sessionId: session.id, studentId: s.id, status: "PRESENT", markedAt: session.startsAt, method: "MANUAL" },
    });
  }
});
afterEach(() => ctx.cleanup());

describe("retention", () => {
  it("selects archived and unenrolled students past the retention period, and any without consent", async () => {
    const due = await purgeCandidates(ctx.db, NOW);
    expect(due.map((c) => [c.identifier, c.reason])).toEqual([
      ["ARCH-OLD", "archived"],
      ["LEFT-OLD", "unenrolled"],
      ["NEVER-OLD", "unenrolled"],
      ["WITHDRAWN", "no consent"],
    ]);
    expect(due[1]).toMatchObject({ since: dateDaysAgo(31), photos: 1, templates: 1 });
  });

  it("a dry run deletes nothing; a purge deletes photos and templates only, with an audit entry each", async () => {
    const db = ctx.db;
    expect(await purgeBiometrics(db, NOW, { label: "test" }, { dryRun: true })).toHaveLength(4);
    expect(await db.faceTemplate.count()).toBe(8);
    const done = await purgeBiometrics(db, NOW, { label: "test" });
    expect(done).toHaveLength(4);
    expect(await db.faceTemplate.count()).toBe(4);
    expect(await db.facePhoto.count()).toBe(4);
    expect(await db.attendanceRecord.count()).toBe(8); // attendance history stays
    expect(await db.student.count()).toBe(8);
    const audit = await db.auditLog.findMany({ where: { action: "biometrics.purge" }, orderBy: { createdAt: "asc" } });
    expect(audit).toHaveLength(4);
    expect(audit[0]).toMatchObject({
      actorLabel: "test",
      before: { photos: 1, templates: 1 },
      reason: `archived since ${dateDaysAgo(40)}, retention 30 days`,
    });
    expect(await purgeCandidates(db, NOW)).toEqual([]); // nothing left to do
  });

  it("follows the configured number of days", async () => {
    await ctx.db.schoolSettings.update({ where: { id: 1 }, data: { retentionDays: 4 } });
    expect((await purgeCandidates(ctx.db, NOW)).map((c) => c.identifier)).toEqual([
      "ARCH-NEW",
      "ARCH-OLD",
      "LEFT-NEW",
      "LEFT-OLD",
      "NEVER-OLD",
      "WITHDRAWN",
    ]);
  });
});
