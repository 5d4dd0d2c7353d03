// backup <file>: a consistent copy of the SQLite database while the app runs (SQLite's
// online backup API: readers and writers go on; the copy is one point in time).
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { databaseUrl, sqlitePath } from "@/lib/config";
import { CliError } from "@/lib/cli/args";

export const backupHelp = "backup <file>                     consistent copy of the database, safe while the app runs";

export async function backupCommand(argv: string[]): Promise<void> {
  const [target] = argv;
  if (!target || argv.length !== 1) throw new CliError(`Usage: npm run cli -- ${backupHelp.split("  ")[0]}`);
  const out = path.resolve(target);
  if (fs.existsSync(out)) throw new CliError(`${out} exists already; choose a new file name.`, 1);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const source = new Database(sqlitePath(databaseUrl()), { readonly: true, timeout: 10_000 });
  try {
    await source.backup(out);
  } finally {
    source.close();
  }
  console.log(`Backed up to ${out} (${(fs.statSync(out).size / 1024).toFixed(0)} KiB)`);
}
