// import-roster <folder|zip> [--dry-run]: OneRoster CSV import, all or nothing.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { applyRosterImport, previewRosterImport } from "@/lib/roster/import";
import { ENTITY_NAMES, RosterImportError, type Entity, type RosterPlan } from "@/lib/roster/plan";
import type { RowError } from "@/lib/roster/oneroster";
import { readRosterSource, RosterSourceError } from "@/lib/roster/sources";
import { CliError, parse } from "@/cli/args";

export const importRosterHelp = "import-roster <folder|zip> [--dry-run]  OneRoster 1.1 CSV import (users, classes, enrollments)";

function printSummary(plan: RosterPlan) {
  for (const [entity, c] of Object.entries(plan.summary))
    console.log(`${ENTITY_NAMES[entity as Entity]}: ${c.new} new, ${c.changed} changed, ${c.removed} removed, ${c.unchanged} unchanged`);
  for (const n of plan.notices) console.log(`Note: ${n}`);
}

function errorLines(errors: RowError[]): string {
  return errors.map((e) => `${e.file}${e.line ? ` line ${e.line}` : ""}: ${e.message}`).join("\n");
}

export async function importRosterCommand(db: PrismaClient, argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { "dry-run": { type: "boolean" } });
  if (positionals.length !== 1) throw new CliError(`Usage: npm run cli -- ${importRosterHelp.split("  ")[0]}`);
  let files;
  try {
    files = readRosterSource(positionals[0]);
  } catch (e) {
    if (e instanceof RosterSourceError) throw new CliError(e.message, 1);
    throw e;
  }
  if (values["dry-run"]) {
    const plan = await previewRosterImport(db, files);
    if (plan.errors.length)
      throw new CliError(`${errorLines(plan.errors)}\nThe roster has ${plan.errors.length} error(s); an import would write nothing.`, 1);
    printSummary(plan);
    console.log("Dry run: nothing was written.");
    return;
  }
  try {
    const plan = await applyRosterImport(db, files, { label: "cli" });
    printSummary(plan);
    console.log(plan.changes.length ? "Imported." : "Nothing to change: the database already matches this export.");
  } catch (e) {
    if (e instanceof RosterImportError) throw new CliError(`${errorLines(e.errors)}\n${e.message}`, 1);
    throw e;
  }
}
