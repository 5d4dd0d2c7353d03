// Upload and request size limits, stated once. next.config.ts reads them for both the proxy's
// body buffer and server actions: they disagreed (10 vs 12 MB), so a photo just under its own
// limit was cut off by the proxy and answered with a bare server error.

/** Largest enrollment photo file. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
/** Largest request body: a photo at its limit plus its form fields and descriptor. */
export const MAX_REQUEST_BYTES = MAX_PHOTO_BYTES + 2 * 1024 * 1024;
/** Refuses decompression bombs: no school photo needs more pixels than this (a 48-megapixel phone's default photo is 12). */
export const MAX_PHOTO_PIXELS = 40_000_000;
