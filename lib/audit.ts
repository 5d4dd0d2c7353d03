// The audit trail: who changed what, from what, to what, and why.
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/db/types";

/** Who acts: a signed-in user, or a label such as "cli", "system", "kiosk:<id>". */
export type Actor = { userId?: string; label: string };

export type AuditEntry = {
  action: string;
  targetType: string;
  targetId: string;
  before?: Prisma.InputJsonValue;
  after?: Prisma.InputJsonValue;
  reason?: string;
};

export function writeAudit(db: Db, actor: Actor, entry: AuditEntry) {
  return db.auditLog.create({ data: { actorId: actor.userId ?? null, actorLabel: actor.label, ...entry } });
}
