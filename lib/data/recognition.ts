// Recognition health, for admins: how often teachers had to correct the face matcher.
// - Probable false accept: a face check-in that a teacher changed to an absence (someone
//   else was matched as this student).
// - Probable false reject: a student with enrolled face templates marked present or tardy by
//   PIN or by hand (roll call, a correction) in a session where the kiosk logged unrecognised or
//   ambiguous faces, at most as many per session as those faces. Attempts carry no identity (no
//   images or descriptors are kept), so this is an estimate: each unknown face was probably one
//   of them. Without the bound, one unknown face made every roll-call mark a "false reject".
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { isAbsent, isAttended } from "@/lib/attendance/statuses";
import type { DateRange } from "@/lib/validations/reports";

export type HealthRow = {
  classId: string;
  code: string;
  title: string;
  faceCheckIns: number;
  falseAccepts: number;
  falseRejects: number;
  unknownAttempts: number;
  /** Faces of school students not on the class's list (who is never recorded). */
  notInClassAttempts: number;
  /** Descriptors refused as no camera's (made-up probes). */
  implausibleAttempts: number;
  /** Faces recognised that did not pass the head-turn challenge (a photo held up, or a miss). */
  failedChallenges: number;
  /** falseAccepts / faceCheckIns */
  falseAcceptRate: number | null;
  /** falseRejects / (faceCheckIns that stood + falseRejects) */
  falseRejectRate: number | null;
};

export async function recognitionHealth(db: PrismaClient, range: DateRange): Promise<HealthRow[]> {
  const sessions = await db.classSession.findMany({
    where: { date: { gte: range.from, lte: range.to } },
    select: {
      id: true,
      startsAt: true,
      class: { select: { id: true, code: true, title: true } },
      attendance: { select: { status: true, method: true, student: { select: { _count: { select: { templates: true } } } } } },
    },
  });
  // Attempts belong to a meeting (class and start), not to a session: one that marked nobody
  // never created one (lib/attendance/session.ts). A meeting without a session is not counted here.
  const starts = sessions.map((s) => s.startsAt.getTime());
  const counted = sessions.length
    ? await db.checkInAttempt.groupBy({
        by: ["classId", "slotStartsAt", "outcome"],
        where: {
          outcome: { in: ["UNKNOWN", "AMBIGUOUS", "NOT_IN_CLASS", "IMPLAUSIBLE", "LIVENESS_FAILED"] },
          classId: { in: [...new Set(sessions.map((s) => s.class.id))] },
          slotStartsAt: { gte: new Date(Math.min(...starts)), lte: new Date(Math.max(...starts)) },
        },
        _count: { _all: true },
      })
    : [];
  const countOf = (s: (typeof sessions)[number], ...outcomes: string[]) =>
    counted
      .filter((g) => g.classId === s.class.id && g.slotStartsAt?.getTime() === s.startsAt.getTime() && outcomes.includes(g.outcome))
      .reduce((n, g) => n + g._count._all, 0);
  const rows = new Map<string, HealthRow>();
  for (const s of sessions) {
    const row = rows.get(s.class.id) ?? {
      classId: s.class.id,
      code: s.class.code,
      title: s.class.title,
      faceCheckIns: 0,
      falseAccepts: 0,
      falseRejects: 0,
      unknownAttempts: 0,
      notInClassAttempts: 0,
      implausibleAttempts: 0,
      failedChallenges: 0,
      falseAcceptRate: null,
      falseRejectRate: null,
    };
    const unknown = countOf(s, "UNKNOWN", "AMBIGUOUS");
    row.unknownAttempts += unknown;
    row.notInClassAttempts += countOf(s, "NOT_IN_CLASS");
    row.implausibleAttempts += countOf(s, "IMPLAUSIBLE");
    row.failedChallenges += countOf(s, "LIVENESS_FAILED");
    let markedOtherwise = 0;
    for (const r of s.attendance) {
      if (r.method === "FACE") {
        row.faceCheckIns++;
        if (isAbsent(r.status)) row.falseAccepts++;
      } else if (isAttended(r.status) && r.student._count.templates > 0) {
        markedOtherwise++;
      }
    }
    row.falseRejects += Math.min(markedOtherwise, unknown);
    rows.set(s.class.id, row);
  }
  return [...rows.values()]
    .map((r) => ({
      ...r,
      falseAcceptRate: r.faceCheckIns ? r.falseAccepts / r.faceCheckIns : null,
      falseRejectRate:
        r.faceCheckIns - r.falseAccepts + r.falseRejects ? r.falseRejects / (r.faceCheckIns - r.falseAccepts + r.falseRejects) : null,
    }))
    .sort((a, b) => a.code.localeCompare(b.code));
}
