// Closing a session: the students without a record become Unexcused absence and the kiosk stops
// taking check-ins for it. By a teacher, or by the minute job when the period has ended.
import type { ClassSession, PrismaClient } from "@/lib/generated/prisma/client";
import { writeAudit, type Actor } from "@/lib/audit";
import type { ActionResult } from "@/lib/result";
import { absentTheUnmarked, actorOf, visibleSession, type Staff, type Tx } from "./marks";
import { count } from "@/lib/text";
import { closureOn } from "@/lib/calendar";

const SYSTEM: Actor = { label: "system" };

/**
 * Closes a session: every student without a record becomes Unexcused absence (method SYSTEM),
 * the kiosk stops taking check-ins for it. Records stay correctable afterwards (audited).
 */
async function close(tx: Tx, actor: Actor, session: ClassSession, at: Date): Promise<number> {
  // A session someone opened on a day without school (a trip, a make-up lesson) records who came;
  // nobody is marked absent on such a day, and no family is told.
  const absent = (await closureOn(tx, session.date))
    ? 0
    : await absentTheUnmarked(tx, actor, session, "SYSTEM", "Not checked in when the session closed", at);
  await tx.classSession.update({ where: { id: session.id }, data: { status: "CLOSED", closedAt: at } });
  await writeAudit(tx, actor, { action: "session.close", targetType: "ClassSession", targetId: session.id, after: { absent } });
  return absent;
}

export async function closeSession(db: PrismaClient, staff: Staff, sessionId: string, at: Date): Promise<ActionResult<{ absent: number }>> {
  return db.$transaction(async (tx) => {
    const session = await visibleSession(tx, staff, sessionId);
    if (!session) return { ok: false as const, message: "Not found." };
    if (session.status === "CLOSED") return { ok: true as const, message: "The session is closed already.", data: { absent: 0 } };
    const absent = await close(tx, actorOf(staff), session, at);
    return {
      ok: true as const,
      message: `Session closed. ${count(absent, "student")} without a record marked Unexcused absence.`,
      data: { absent },
    };
  });
}

/**
 * Closes every open session whose period has ended. Runs every minute in the server, and
 * from `npm run cli -- close-sessions` for schools that prefer cron; safe to run twice.
 * Only sessions that exist are closed: a scheduled meeting nobody checked in to or opened
 * (a holiday, a trip) never becomes a session, so it marks nobody absent.
 */
export async function closeDueSessions(db: PrismaClient, at: Date): Promise<{ sessions: number; absent: number }> {
  const due = await db.classSession.findMany({ where: { status: "OPEN", endsAt: { lte: at } }, orderBy: { endsAt: "asc" } });
  let absent = 0;
  let sessions = 0;
  for (const s of due) {
    const n = await db.$transaction(async (tx) => {
      // Re-read inside the transaction: another instance may have closed it meanwhile.
      const fresh = await tx.classSession.findUnique({ where: { id: s.id } });
      return fresh?.status === "OPEN" ? close(tx, SYSTEM, fresh, at) : null;
    });
    if (n !== null) {
      sessions++;
      absent += n;
    }
  }
  return { sessions, absent };
}
