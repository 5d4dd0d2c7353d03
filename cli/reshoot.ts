// reshoot-list [--class <code>]: who needs a new photo and why, as CSV for photo day (the same
// rule and file as the students list's download).
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { CliError, parse } from "@/cli/args";
import { now } from "@/lib/clock";
import { reshootCsv } from "@/lib/matching/photo-health";

export const reshootListHelp =
  "reshoot-list [--class <code>]     who needs a new photo and why, as CSV (identifier,givenName,familyName,classes,reason)";

export async function reshootListCommand(db: PrismaClient, argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { class: { type: "string" } });
  if (positionals.length)
    throw new CliError(`Unexpected argument "${positionals[0]}".\nUsage: npm run cli -- reshoot-list [--class <code>]`);
  const csv = await reshootCsv(db, now(), values.class);
  if (csv === null) throw new CliError(`No class with code "${values.class}".`, 1);
  process.stdout.write(csv);
}
