// backup <file> | backup --dir <folder> [--keep N]: a consistent copy of the database while the
// app runs, one point in time. SQLite: its online backup API (readers and writers go on), a
// database file. PostgreSQL: pg_dump's custom format (a `.dump` to give to pg_restore). --dir names the copy by its time and keeps the newest N (the nightly timer in
// deploy/ uses it); a copy is written under a temporary name first, so a backup cut short by a
// crash or a full disk is never mistaken for one, nor counted among the N.
import fs from "node:fs";
import path from "node:path";
import { backupSqlite } from "@/lib/db/sqlite";
import { backupPostgres } from "@/lib/db/postgres";
import { providerOf } from "@/lib/db/provider";
import { databaseUrl } from "@/lib/config";
import { CliError, parse } from "@/cli/args";
import { now } from "@/lib/clock";

export const backupHelp =
  "backup <file> | --dir <folder> [--keep N]   consistent copy of the database, safe while the app runs; --dir keeps the newest N (default 14)";

const ROTATED = /^rollcall-\d{8}-\d{6}\.(db|dump)$/;

const postgres = () => providerOf(databaseUrl()) === "postgresql";
const backup = (out: string) => (postgres() ? backupPostgres(out) : backupSqlite(out));

export async function backupCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { dir: { type: "string" }, keep: { type: "string" } });
  const usage = `Usage: npm run cli -- backup <file>  or  npm run cli -- backup --dir <folder> [--keep N]`;
  if (values.dir === undefined) {
    if (positionals.length !== 1 || values.keep !== undefined) throw new CliError(usage);
    const out = path.resolve(positionals[0]);
    if (fs.existsSync(out)) throw new CliError(`${out} exists already; choose a new file name.`, 1);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    await backup(out);
    console.log(`Backed up to ${out} (${(fs.statSync(out).size / 1024).toFixed(0)} KiB)`);
    return;
  }
  if (positionals.length) throw new CliError(usage);
  const keep = values.keep === undefined ? 14 : Number(values.keep);
  if (!Number.isInteger(keep) || keep < 1 || keep > 10_000)
    throw new CliError(`--keep must be a whole number from 1 to 10000 (got "${values.keep}").`);
  const dir = path.resolve(values.dir);
  fs.mkdirSync(dir, { recursive: true });
  const stamp = now().toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15); // UTC, sorts by time
  const out = path.join(dir, `rollcall-${stamp}.${postgres() ? "dump" : "db"}`);
  if (fs.existsSync(out)) throw new CliError(`${out} exists already (two backups in one second?).`, 1);
  // Left by a run that crashed: the timer runs one backup at a time.
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".partial") && ROTATED.test(f.slice(0, -8)))) fs.rmSync(path.join(dir, f));
  const partial = `${out}.partial`;
  await backup(partial);
  fs.renameSync(partial, out);
  const rotated = fs
    .readdirSync(dir)
    .filter((f) => ROTATED.test(f))
    .sort();
  const removed = rotated.slice(0, Math.max(0, rotated.length - keep));
  for (const f of removed) fs.rmSync(path.join(dir, f));
  console.log(
    `Backed up to ${out} (${(fs.statSync(out).size / 1024).toFixed(0)} KiB); ${removed.length ? `removed ${removed.length} older, ` : ""}keeping ${rotated.length - removed.length} of at most ${keep}`,
  );
}
