// When a photo was taken: the EXIF DateTimeOriginal (or DateTime) when the file has a plausible
// one, else the upload time. Read from the original bytes: the stored copy is re-encoded
// without EXIF. Children's faces change, so enrollment health flags old photos.
import exifReader from "exif-reader";
import sharp from "sharp";

/** Earliest date taken as real: cameras with an unset clock write 1970 or 2000-01-01. */
const EARLIEST = Date.UTC(2001, 0, 1);

export async function photoTakenAt(bytes: Uint8Array, uploadedAt: Date): Promise<{ takenAt: Date; source: "exif" | "upload" }> {
  try {
    const { exif } = await sharp(bytes).metadata();
    if (exif) {
      const tags = exifReader(exif);
      const date = tags.Photo?.DateTimeOriginal ?? tags.Image?.DateTime;
      // EXIF dates carry no zone; a day either way does not matter for "older than 12 months".
      if (
        date instanceof Date &&
        !Number.isNaN(date.getTime()) &&
        date.getTime() >= EARLIEST &&
        date.getTime() <= uploadedAt.getTime() + 86_400_000
      )
        return { takenAt: date, source: "exif" };
    }
  } catch {
    // Unreadable EXIF is no reason to refuse a photo.
  }
  return { takenAt: uploadedAt, source: "upload" };
}
