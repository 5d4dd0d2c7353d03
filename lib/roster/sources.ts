// Reading a OneRoster export from a folder or a zip (Node), with limits against hostile archives.
import fs from "node:fs";
import path from "node:path";
import { unzipWithLimits, ZipLimitError } from "@/lib/zip";
import { ROSTER_FILES } from "./oneroster";
import { InputError } from "@/lib/result";

/** Largest roster file accepted, uncompressed: a district export of users.csv is a few MB. */
export const MAX_ROSTER_FILE_BYTES = 50 * 1024 * 1024;

export class RosterSourceError extends InputError {}

/** Limits on a roster zip: its few CSV files, each once; text compresses 5–20 times, never 200. */
export const ROSTER_ZIP_LIMITS = {
  maxEntries: ROSTER_FILES.length,
  maxEntryBytes: MAX_ROSTER_FILE_BYTES,
  maxTotalBytes: 2 * MAX_ROSTER_FILE_BYTES,
  maxRatio: 200,
};

/** The roster CSV files found in a zip, by base name (folders inside the zip are ignored). */
export function rosterFilesFromZip(zip: Uint8Array): Record<string, string> {
  const wanted = new Set<string>(ROSTER_FILES);
  const seen = new Set<string>();
  const accept = (name: string) => {
    const base = path.posix.basename(name);
    if (!wanted.has(base)) return false;
    if (seen.has(base)) throw new ZipLimitError(`The zip holds ${base} more than once: export the roster again.`);
    seen.add(base);
    return true;
  };
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipWithLimits(zip, accept, ROSTER_ZIP_LIMITS, { what: "roster files" });
  } catch (e) {
    if (e instanceof ZipLimitError) throw new RosterSourceError(e.message);
    throw new RosterSourceError(`Not a readable zip file (${(e as Error).message}).`);
  }
  const out: Record<string, string> = {};
  for (const [name, bytes] of Object.entries(entries)) out[path.posix.basename(name)] = decodeUtf8(name, bytes);
  return out;
}

/** UTF-8 text, refusing other encodings rather than importing mangled names. */
export function decodeUtf8(name: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new RosterSourceError(`${path.basename(name)} is not UTF-8 text. Export the roster as UTF-8 CSV.`);
  }
}

/** Roster files from a folder or a .zip path. */
export function readRosterSource(source: string): Record<string, string> {
  if (!fs.existsSync(source)) throw new RosterSourceError(`${source} does not exist.`);
  if (fs.statSync(source).isDirectory()) {
    const out: Record<string, string> = {};
    for (const name of ROSTER_FILES) {
      const file = path.join(source, name);
      if (!fs.existsSync(file)) continue;
      if (fs.statSync(file).size > MAX_ROSTER_FILE_BYTES)
        throw new RosterSourceError(`${name} is larger than ${MAX_ROSTER_FILE_BYTES / 2 ** 20} MB.`);
      out[name] = decodeUtf8(name, fs.readFileSync(file));
    }
    return out;
  }
  return rosterFilesFromZip(fs.readFileSync(source));
}
