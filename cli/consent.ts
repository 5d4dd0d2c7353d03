// consent grant|withdraw <identifier...> | --file <csv>; consent import <csv> [--dry-run]; consent list.
import fs from "node:fs";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { consentCsv, setConsent, UnknownStudentsError } from "@/lib/consent";
import { applyConsentImport, consentLine, ConsentImportError, planConsentImport, type ConsentMode } from "@/lib/consent/import";
import { now } from "@/lib/clock";
import { CliError, parse } from "@/cli/args";

export const consentHelp =
  "consent grant|withdraw <identifier...> | --file <csv>   record consent for everyone listed (withdraw deletes photos and templates)\n" +
  "  consent import <csv> [--dry-run]  record each row as its consent column says (granted, withdrawn; none changes nothing)\n" +
  "  consent list                      the consent list as CSV";

const summary = (changed: number, unchanged: number) => `${changed} changed, ${unchanged} unchanged.`;

function readFile(file: string): string {
  if (!fs.existsSync(file)) throw new CliError(`${file} does not exist.`, 1);
  return fs.readFileSync(file, "utf8");
}

/** A file's consent, all or nothing: by its consent column (`file`), or the same for everyone it lists. */
async function importFile(db: PrismaClient, file: string, mode: ConsentMode, dryRun: boolean) {
  const text = readFile(file);
  try {
    const plan = dryRun
      ? await planConsentImport(db, text, mode)
      : await applyConsentImport(db, text, mode, { label: "cli" }, now(), "cli");
    if (plan.errors.length) throw new ConsentImportError(plan.errors);
    for (const item of plan.items) console.log(consentLine(item, !dryRun));
    console.log(
      dryRun
        ? `Dry run: ${plan.changed} would change, ${plan.unchanged} unchanged. Nothing was changed.`
        : summary(plan.changed, plan.unchanged),
    );
  } catch (e) {
    if (e instanceof ConsentImportError)
      throw new CliError([...e.errors.map((r) => `${file} line ${r.line}: ${r.message}`), e.message].join("\n"), 1);
    throw e;
  }
}

export async function consentCommand(db: PrismaClient, argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { file: { type: "string" }, "dry-run": { type: "boolean" } });
  const [action, ...ids] = positionals;
  if (action === "list") {
    process.stdout.write(await consentCsv(db));
    return;
  }
  if (action === "import") {
    if (ids.length !== 1 || values.file) throw new CliError(`Usage: npm run cli -- ${consentHelp}`);
    return importFile(db, ids[0], "file", Boolean(values["dry-run"]));
  }
  if ((action !== "grant" && action !== "withdraw") || (ids.length === 0) === !values.file || values["dry-run"])
    throw new CliError(`Usage: npm run cli -- ${consentHelp}`);
  const to = action === "grant" ? "GRANTED" : "WITHDRAWN";
  if (values.file) return importFile(db, values.file, to, false);
  try {
    const changes = await setConsent(db, ids, to, { label: "cli" }, now(), "cli");
    for (const c of changes) {
      const purge = c.photosDeleted || c.templatesDeleted ? ` (deleted ${c.photosDeleted} photos, ${c.templatesDeleted} templates)` : "";
      console.log(
        `${c.identifier} ${c.name}: ${c.changed ? `${c.from.toLowerCase()} → ${c.to.toLowerCase()}` : `already ${c.to.toLowerCase()}`}${purge}`,
      );
    }
    console.log(summary(changes.filter((c) => c.changed).length, changes.filter((c) => !c.changed).length));
  } catch (e) {
    if (e instanceof UnknownStudentsError) throw new CliError(e.message, 1);
    throw e;
  }
}
