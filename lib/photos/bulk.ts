// Bulk photo sources: a folder or a zip of files named by student identifier or
// sourcedId ("S1234.jpg", "S1234_2.png", or "S1234/any.jpg").
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { unzipWithLimits, ZipLimitError } from "@/lib/zip";
import { isPhotoName } from "@/lib/photos/names";
import { MAX_PHOTO_BYTES } from "@/lib/photos";
import { InputError } from "@/lib/result";

export const MAX_BULK_FILES = 20_000;
/**
 * A photo zip is held in memory while it is read: 1 GB of photos at most (2,000 ID photos are
 * ~200 MB; a folder has no such limit). JPEG and PNG barely compress: a ratio of 50 is no photo.
 */
export const PHOTO_ZIP_LIMITS = { maxEntries: MAX_BULK_FILES, maxEntryBytes: MAX_PHOTO_BYTES, maxTotalBytes: 1024 * 2 ** 20, maxRatio: 50 };

export type PhotoEntry = { name: string; file: string };

export class PhotoSourceError extends InputError {}

/**
 * The photo files of a folder, or of a zip extracted to a temporary folder under
 * generated names (entry names, "../" included, never become paths). Call cleanup after.
 */
export function readPhotoSource(source: string): { entries: PhotoEntry[]; cleanup(): void } {
  if (!fs.existsSync(source)) throw new PhotoSourceError(`${source} does not exist.`);
  if (fs.statSync(source).isDirectory()) {
    const entries: PhotoEntry[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) walk(full);
        else if (e.isFile() && isPhotoName(e.name)) entries.push({ name: path.relative(source, full), file: full });
        if (entries.length > MAX_BULK_FILES) throw new PhotoSourceError(`More than ${MAX_BULK_FILES} photos: split the import.`);
      }
    };
    walk(source);
    return { entries, cleanup: () => {} };
  }
  let files: Record<string, Uint8Array>;
  try {
    files = unzipWithLimits(fs.readFileSync(source), isPhotoName, PHOTO_ZIP_LIMITS, { what: "photos" });
  } catch (e) {
    if (e instanceof ZipLimitError) throw new PhotoSourceError(e.message);
    throw new PhotoSourceError(`Not a readable zip file (${(e as Error).message}).`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-photos-"));
  const entries = Object.entries(files)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, bytes], i) => {
      const file = path.join(dir, `${i}${path.extname(name).toLowerCase()}`);
      fs.writeFileSync(file, bytes);
      return { name: name.replace(/^(\.\.\/|\/)+/, ""), file };
    });
  return { entries, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
