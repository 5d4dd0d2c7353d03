// Roster import: compare a OneRoster export with the database (preview), then apply
// every change in one transaction, or nothing. Keyed by sourcedId, so re-importing the
// same export changes nothing. Removals never delete: students and classes are archived,
// enrollments end-dated, teachers deactivated; attendance history stays intact.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { writeAudit, type Actor } from "@/lib/audit";
import { localDate } from "@/lib/dates";
import { readRoster, type RowError } from "./oneroster";
import { emptySummary, ENTITIES, RosterImportError, type RosterPlan, type Summary } from "./plan";
import { computeSteps, type Step } from "./steps";
import type { Db } from "@/lib/db/types";
import { schoolSettings } from "@/lib/settings";
import { now } from "@/lib/clock";

function toPlan(errors: RowError[], steps: Step[], unchanged: Summary, notices: string[] = []): RosterPlan {
  const summary = unchanged;
  for (const s of steps) summary[s.entity][s.kind]++;
  return { errors, changes: steps.map(({ apply: _apply, ...change }) => change), summary, notices };
}

async function today(db: Db): Promise<string> {
  const settings = await schoolSettings(db);
  return localDate(now(), settings.timeZone);
}

/** What an import of these files would change, with every row-level error. Writes nothing. */
export async function previewRosterImport(db: PrismaClient, files: Partial<Record<string, string>>): Promise<RosterPlan> {
  const { roster, errors } = readRoster(files);
  if (errors.length) return toPlan(errors, [], emptySummary());
  const computed = await computeSteps(db, roster, await today(db));
  return toPlan(computed.errors, computed.errors.length ? [] : computed.steps, computed.unchanged, computed.notices);
}

/** Applies the import in one transaction, or throws RosterImportError and writes nothing. */
export async function applyRosterImport(db: PrismaClient, files: Partial<Record<string, string>>, actor: Actor): Promise<RosterPlan> {
  const { roster, errors } = readRoster(files);
  if (errors.length) throw new RosterImportError(errors);
  return db.$transaction(
    async (tx) => {
      const { steps, errors: dbErrors, unchanged, notices } = await computeSteps(tx, roster, await today(tx));
      if (dbErrors.length) throw new RosterImportError(dbErrors);
      for (const entity of ENTITIES) for (const step of steps.filter((s) => s.entity === entity)) await step.apply(tx);
      const plan = toPlan([], steps, unchanged, notices);
      if (steps.length)
        await writeAudit(tx, actor, { action: "roster.import", targetType: "Roster", targetId: "oneroster", after: plan.summary });
      return plan;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}
