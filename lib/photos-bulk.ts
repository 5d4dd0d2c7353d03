// Bulk photo sources: a folder or a zip of files named by student identifier or
// sourcedId ("S1234.jpg", "S1234_2.png", or "S1234/any.jpg").
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { unzipSync } from "fflate";
import { isPhotoName } from "@/lib/photo-names";
import { MAX_PHOTO_BYTES } from "@/lib/photos";

export const MAX_BULK_FILES = 20_000;

export type PhotoEntry = { name: string; file: string };

export class PhotoSourceError extends Error {}

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
  let count = 0;
  try {
    files = unzipSync(fs.readFileSync(source), {
      filter: (f) => {
        if (!isPhotoName(f.name)) return false;
        if (++count > MAX_BULK_FILES) throw new PhotoSourceError(`More than ${MAX_BULK_FILES} photos: split the import.`);
        if (f.originalSize > MAX_PHOTO_BYTES) throw new PhotoSourceError(`${f.name} is larger than ${MAX_PHOTO_BYTES / 2 ** 20} MB.`);
        return true;
      },
    });
  } catch (e) {
    if (e instanceof PhotoSourceError) throw e;
    throw new PhotoSourceError(`Not a readable zip file (${(e as Error).message}).`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-photos-"));
  const entries = Object.entries(files)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, bytes], i) => {
      // The size in the zip's directory can lie: check what was actually inflated.
      if (bytes.length > MAX_PHOTO_BYTES) throw new PhotoSourceError(`${name} is larger than ${MAX_PHOTO_BYTES / 2 ** 20} MB.`);
      const file = path.join(dir, `${i}${path.extname(name).toLowerCase()}`);
      fs.writeFileSync(file, bytes);
      return { name: name.replace(/^(\.\.\/|\/)+/, ""), file };
    });
  return { entries, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
