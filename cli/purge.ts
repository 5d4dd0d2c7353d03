// purge [--dry-run]: deletes photos and templates that the retention policy no longer allows.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { CliError, parse } from "@/cli/args";
import { now } from "@/lib/clock";
import { purgeBiometrics } from "@/lib/consent/retention";
import { count } from "@/lib/text";

export const purgeHelp = "purge [--dry-run]                 delete photos and templates the retention policy no longer allows";

export async function purgeCommand(db: PrismaClient, argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { "dry-run": { type: "boolean" } });
  if (positionals.length) throw new CliError(`Usage: npm run cli -- ${purgeHelp.split("  ")[0]}`);
  const dryRun = Boolean(values["dry-run"]);
  const done = await purgeBiometrics(db, now(), { label: "cli" }, { dryRun });
  // One line per student, then a summary: "S1234 Amy Fowler: 3 photos, 3 templates (archived since 2026-09-01)".
  for (const c of done)
    console.log(`${c.identifier} ${c.name}: ${count(c.photos, "photo")}, ${count(c.templates, "template")} (${c.reason} since ${c.since})`);
  const photos = done.reduce((n, c) => n + c.photos, 0);
  const templates = done.reduce((n, c) => n + c.templates, 0);
  console.log(
    `${dryRun ? "Would purge" : "Purged"} ${count(done.length, "student")}: ${count(photos, "photo")}, ${count(templates, "template")}.`,
  );
}
