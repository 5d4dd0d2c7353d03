// The signed-in staff member, re-read from the database on every request so that a
// deactivated account, a changed role or a sign-out takes effect at once, not when the JWT expires.
import "server-only";
import { cache } from "react";
import { forbidden, redirect } from "next/navigation";
import { auth } from "@/auth";
import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";
import { validStaffSession } from "@/lib/auth/staff-session";

export type StaffUser = { id: string; email: string; name: string; role: Role };

/**
 * Read once per server render however many ask (the layout, the page, its metadata): React's
 * cache() is per request there, and calls straight through in actions and route handlers.
 */
export const currentUser = cache(async (): Promise<StaffUser | null> => {
  const session = await auth();
  if (!session?.user?.id || !session.sid) return null;
  // Sign-ins run on the real clock, not lib/clock.ts: their cookie expires in real time, and the
  // end-to-end tests move only the school's time.
  return validStaffSession(db, session.sid, session.user.id, new Date());
});

/** Ends this sign-in server-side: its cookie is refused from now on, wherever it turns up. */
export async function revokeCurrentSession(): Promise<void> {
  const session = await auth();
  if (session?.sid) await db.staffSession.updateMany({ where: { id: session.sid, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** For pages: the user, or a redirect to sign-in, or a 403 page for a role that may not enter. */
export async function requireRole(...roles: Role[]): Promise<StaffUser> {
  const user = await currentUser();
  if (!user) redirect("/login");
  if (!roles.includes(user.role)) forbidden();
  return user;
}

/** For server actions: the admin as an audit actor, or null (the action then refuses). */
export async function adminActor(): Promise<(StaffUser & { actor: { userId: string; label: string } }) | null> {
  const user = await currentUser();
  if (!user || user.role !== "ADMIN") return null;
  return { ...user, actor: { userId: user.id, label: user.email } };
}

/** For teacher-area actions: the signed-in teacher or admin, with the label the audit trail uses. */
export async function currentStaff(): Promise<(StaffUser & { label: string }) | null> {
  const user = await currentUser();
  return user ? { ...user, label: user.email } : null;
}
