// "Mark everyone else present / absent" and its undo. A batch marks every student of the session
// who has no record yet, through applyMarks (so each record has its own history line and waiting
// guardian notices follow), and is audited as one action: an "attendance.batch" entry on the
// session naming the records it created. That entry is the batch: undoing it removes exactly
// those records that nobody changed since, and is audited once more ("attendance.batch-undo").
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { AttendanceStatus } from "@/lib/generated/prisma/enums";
import { writeAudit } from "@/lib/audit";
import type { ActionResult } from "@/lib/result";
import { everyoneElseSchema, undoBatchSchema } from "@/lib/validations/attendance";
import { refreshWaitingNotices } from "@/lib/notices/outbox";
import { count } from "@/lib/text";
import { actorOf, applyMarks, sessionRoster, visibleSession, type Staff, type Tx } from "./marks";

export type BatchMark = "present" | "absent";

const BATCH: Record<BatchMark, { status: AttendanceStatus; reason: string }> = {
  present: { status: "PRESENT", reason: "Teacher marked present" },
  absent: { status: "UNEXCUSED_ABSENCE", reason: "Teacher marked absent" },
};

const BATCH_ACTION = "attendance.batch";
const UNDO_ACTION = "attendance.batch-undo";

type BatchRecord = { id: string; studentId: string };
/** `at`: when the teacher marked (the records' markedAt), which the page shows. */
type BatchAfter = { mark: BatchMark; status: AttendanceStatus; at: string; records: BatchRecord[] };

/** Marks every student of the session without a record present (or absent), as one undoable batch. */
export async function markEveryoneElse(
  db: PrismaClient,
  staff: Staff,
  raw: unknown,
  at: Date,
): Promise<ActionResult<{ count: number; batchId: string | null }>> {
  const input = everyoneElseSchema.safeParse(raw);
  if (!input.success) return { ok: false, message: input.error.issues[0].message };
  const { sessionId, mark } = input.data;
  const { status, reason } = BATCH[mark];
  return db.$transaction(async (tx) => {
    const session = await visibleSession(tx, staff, sessionId);
    if (!session) return { ok: false as const, message: "Not found." };
    const marked = new Set(
      (await tx.attendanceRecord.findMany({ where: { sessionId }, select: { studentId: true } })).map((r) => r.studentId),
    );
    const rest = (await sessionRoster(tx, session)).filter((s) => !marked.has(s.id)).map((s) => s.id);
    if (rest.length === 0) return { ok: true as const, message: "Every student is marked already.", data: { count: 0, batchId: null } };
    const actor = actorOf(staff);
    await applyMarks(
      tx,
      actor,
      sessionId,
      rest.map((studentId) => ({ studentId, status, reason, method: "MANUAL" as const })),
      at,
    );
    const records = await tx.attendanceRecord.findMany({
      where: { sessionId, studentId: { in: rest } },
      select: { id: true, studentId: true },
    });
    const after: BatchAfter = { mark, status, at: at.toISOString(), records };
    const entry = await writeAudit(tx, actor, { action: BATCH_ACTION, targetType: "ClassSession", targetId: sessionId, after, reason });
    return {
      ok: true as const,
      message: `Marked ${count(records.length, "student")} ${mark}. You can undo this below.`,
      data: { count: records.length, batchId: entry.id },
    };
  });
}

export type SessionBatch = { id: string; mark: BatchMark; count: number; at: string; by: string };

/** The session's batches not undone yet, oldest first (what the page offers to undo). */
export async function undoableBatches(db: PrismaClient | Tx, sessionId: string): Promise<SessionBatch[]> {
  const entries = await db.auditLog.findMany({
    where: { targetType: "ClassSession", targetId: sessionId, action: { in: [BATCH_ACTION, UNDO_ACTION] } },
    orderBy: { createdAt: "asc" },
    select: { id: true, action: true, actorLabel: true, actor: { select: { name: true } }, before: true, after: true },
  });
  const undone = new Set(entries.filter((e) => e.action === UNDO_ACTION).map((e) => (e.before as { batchId: string }).batchId));
  return entries
    .filter((e) => e.action === BATCH_ACTION && !undone.has(e.id))
    .map((e) => {
      const after = e.after as BatchAfter;
      return { id: e.id, mark: after.mark, count: after.records.length, at: after.at, by: e.actor?.name ?? e.actorLabel };
    });
}

/**
 * Undoes a batch: removes each record it created that is as the batch left it (same status, still
 * the teacher's mark, no later change in its history); one changed since stays, and the answer
 * says how many. Waiting guardian notices of those students are brought up to date (or cancelled).
 */
export async function undoBatch(db: PrismaClient, staff: Staff, raw: unknown): Promise<ActionResult<{ removed: number; kept: number }>> {
  const input = undoBatchSchema.safeParse(raw);
  if (!input.success) return { ok: false, message: input.error.issues[0].message };
  const { sessionId, batchId } = input.data;
  return db.$transaction(async (tx) => {
    const session = await visibleSession(tx, staff, sessionId);
    if (!session) return { ok: false as const, message: "Not found." };
    const batch = await tx.auditLog.findFirst({
      where: { id: batchId, action: BATCH_ACTION, targetType: "ClassSession", targetId: sessionId },
    });
    if (!batch) return { ok: false as const, message: "There is no such batch of marks in this session: nothing was changed." };
    if (!(await undoableBatches(tx, sessionId)).some((b) => b.id === batchId))
      return { ok: false as const, message: "That batch was undone already." };
    const { status, records } = batch.after as BatchAfter;
    const ids = records.map((r) => r.id);
    const [current, history] = await Promise.all([
      tx.attendanceRecord.findMany({ where: { id: { in: ids } } }),
      tx.auditLog.groupBy({ by: ["targetId"], where: { targetType: "AttendanceRecord", targetId: { in: ids } }, _count: { _all: true } }),
    ]);
    const entries = new Map(history.map((h) => [h.targetId, h._count._all]));
    // Its own "marked" line is a record's only history while nobody has touched it since.
    const unchanged = current.filter(
      (r) => r.status === status && r.method === "MANUAL" && r.note === batch.reason && entries.get(r.id) === 1,
    );
    const removed = unchanged.length
      ? (await tx.attendanceRecord.deleteMany({ where: { id: { in: unchanged.map((r) => r.id) }, status, method: "MANUAL" } })).count
      : 0;
    const kept = records.filter((r) => !unchanged.some((u) => u.id === r.id));
    await writeAudit(tx, actorOf(staff), {
      action: UNDO_ACTION,
      targetType: "ClassSession",
      targetId: sessionId,
      before: { batchId },
      after: { removed: unchanged.map(({ id, studentId }) => ({ id, studentId })), kept },
    });
    await refreshWaitingNotices(
      tx,
      unchanged.map((r) => r.studentId),
      session.date,
    );
    const left = kept.length ? ` Left ${count(kept.length, "record")} changed since.` : "";
    return {
      ok: true as const,
      message: `Undone: removed ${count(removed, "mark")}.${left}`,
      data: { removed, kept: kept.length },
    };
  });
}
