// Unzipping archives from outside (roster exports, bulk photos) with limits that bound memory and
// time whatever the archive claims: accepted entries, each entry's and the total uncompressed
// size, and the compression ratio. fflate inflates an entry right after its filter accepts it and
// stops at the size the entry claims, so checking the claims before inflation bounds what is
// inflated; the sizes actually inflated are checked again after. Many directory entries pointing
// at the same compressed data (a 51 KB zip that inflated to 1 GB) fail the ratio or the total.
import { unzipSync, type UnzipFileInfo } from "fflate";
import { InputError } from "@/lib/result";

export type ZipLimits = {
  /** Entries accepted (by `accept`) at most. */
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
  /** Uncompressed ÷ compressed size of one entry, at most. */
  maxRatio: number;
};

export class ZipLimitError extends InputError {}

const mb = (n: number) => `${Math.round(n / 2 ** 20)} MB`;

/** The accepted entries of a zip, by name; throws ZipLimitError (clear message) past a limit, or fflate's error for a broken zip. */
export function unzipWithLimits(
  zip: Uint8Array,
  accept: (name: string) => boolean,
  limits: ZipLimits,
  describe: { what: string } = { what: "files" },
): Record<string, Uint8Array> {
  let entries = 0;
  let total = 0;
  const filter = (f: UnzipFileInfo) => {
    if (!accept(f.name)) return false;
    if (++entries > limits.maxEntries) throw new ZipLimitError(`The zip holds more than ${limits.maxEntries} ${describe.what}: split it.`);
    if (f.originalSize > limits.maxEntryBytes) throw new ZipLimitError(`${f.name} is larger than ${mb(limits.maxEntryBytes)}.`);
    if (f.compression !== 0 && f.originalSize > limits.maxRatio * Math.max(1, f.size))
      throw new ZipLimitError(
        `${f.name} unpacks to ${Math.round(f.originalSize / Math.max(1, f.size))} times its packed size: not an ordinary export (a zip bomb?).`,
      );
    total += f.originalSize;
    if (total > limits.maxTotalBytes) throw new ZipLimitError(`The zip unpacks to more than ${mb(limits.maxTotalBytes)}: split it.`);
    return true;
  };
  const out = unzipSync(zip, { filter });
  // The claims can lie downwards too: check what was inflated.
  let inflated = 0;
  for (const [name, bytes] of Object.entries(out)) {
    if (bytes.length > limits.maxEntryBytes) throw new ZipLimitError(`${name} is larger than ${mb(limits.maxEntryBytes)}.`);
    inflated += bytes.length;
  }
  if (inflated > limits.maxTotalBytes) throw new ZipLimitError(`The zip unpacks to more than ${mb(limits.maxTotalBytes)}: split it.`);
  return out;
}
