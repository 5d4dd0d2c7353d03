// Whether a sign-in (StaffSession) still stands: not revoked, its account active, and younger than
// the absolute lifetime. The session cookie rolls forward with use (8 h idle); without an absolute
// limit a screen left signed in would stay signed in for ever.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { sessionMaxHoursSchema } from "@/lib/validations/settings";

export const DEFAULT_SESSION_MAX_HOURS = 12;

/** ROLLCALL_SESSION_MAX_HOURS (default 12): hours after sign-in when a sign-in ends, however active. */
export function sessionMaxHours(env: Record<string, string | undefined> = process.env): number {
  const raw = env.ROLLCALL_SESSION_MAX_HOURS;
  if (raw === undefined || raw === "") return DEFAULT_SESSION_MAX_HOURS;
  const parsed = sessionMaxHoursSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`ROLLCALL_SESSION_MAX_HOURS must be a number of hours (up to 720), not "${raw}".`);
  return parsed.data;
}

export type StaffIdentity = { id: string; email: string; name: string; role: Role };

export async function validStaffSession(
  db: PrismaClient,
  sid: string,
  userId: string,
  at: Date,
  maxHours = sessionMaxHours(),
): Promise<StaffIdentity | null> {
  const row = await db.staffSession.findUnique({
    where: { id: sid },
    select: { createdAt: true, revokedAt: true, user: { select: { id: true, email: true, name: true, role: true, active: true } } },
  });
  if (!row || row.revokedAt || row.user.id !== userId || !row.user.active) return null;
  if (at.getTime() - row.createdAt.getTime() > maxHours * 3_600_000) {
    await db.staffSession.updateMany({ where: { id: sid, revokedAt: null }, data: { revokedAt: at } });
    return null;
  }
  const { user } = row;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
