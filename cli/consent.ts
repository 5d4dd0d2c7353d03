// consent grant|withdraw <identifier...> | --file <csv>; consent list.
import fs from "node:fs";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { consentCsv, identifiersFromCsv, setConsent, UnknownStudentsError } from "@/lib/consent";
import { CliError, parse } from "@/cli/args";

export const consentHelp =
  "consent grant|withdraw <identifier...> | --file <csv>   record consent (withdraw deletes photos and templates)\n  consent list                      the consent list as CSV";

export async function consentCommand(db: PrismaClient, argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { file: { type: "string" } });
  const [action, ...ids] = positionals;
  if (action === "list") {
    process.stdout.write(await consentCsv(db));
    return;
  }
  if ((action !== "grant" && action !== "withdraw") || (ids.length === 0) === !values.file)
    throw new CliError(`Usage: npm run cli -- ${consentHelp}`);
  let keys = ids;
  if (values.file) {
    if (!fs.existsSync(values.file)) throw new CliError(`${values.file} does not exist.`, 1);
    try {
      keys = identifiersFromCsv(fs.readFileSync(values.file, "utf8"));
    } catch (e) {
      throw new CliError(`${values.file} is not a readable CSV: ${(e as Error).message}`, 1);
    }
    if (keys.length === 0) throw new CliError(`${values.file} lists no students.`, 1);
  }
  try {
    const changes = await setConsent(db, keys, action === "grant" ? "GRANTED" : "WITHDRAWN", { label: "cli" });
    for (const c of changes) {
      const purge = c.photosDeleted || c.templatesDeleted ? ` (deleted ${c.photosDeleted} photos, ${c.templatesDeleted} templates)` : "";
      console.log(
        `${c.identifier} ${c.name}: ${c.changed ? `${c.from.toLowerCase()} → ${c.to.toLowerCase()}` : `already ${c.to.toLowerCase()}`}${purge}`,
      );
    }
    console.log(`${changes.filter((c) => c.changed).length} changed, ${changes.filter((c) => !c.changed).length} unchanged.`);
  } catch (e) {
    if (e instanceof UnknownStudentsError) throw new CliError(e.message, 1);
    throw e;
  }
}
