// The kiosk's banners (app/kiosk/kiosk-screen.tsx): which stay on screen when a new answer comes.
// Pure, so that the rule is tested without a camera.

/** How long a banner stays up, in ms of the page's clock. */
export const SHOW_MS = 6000;
/** A "saved" banner stays until its check-in is delivered (then it becomes the answer), at most this long. */
export const SAVED_SHOW_MS = 60_000;
export const MAX_BANNERS = 6;

/** What the rule reads of a banner. */
export type BannerKey = { kind: string; trackId?: string; name?: string; at: number };

export const bannerExpired = (c: BannerKey, at: number) => at - c.at >= (c.kind === "saved" ? SAVED_SHOW_MS : SHOW_MS);

/** Answers that say a student's attendance is recorded: one student gets one of them on screen. */
const RECORDED = new Set(["present", "late", "already"]);

/**
 * The banners after `banner` arrives (its `at` is now), newest first: expired ones go, and so
 * does an older banner it answers again. That is the same tracked face, or the same student's
 * recorded answer from another track: a student who steps away and back within seconds is a new
 * track, and "Present" and "Already checked in" at once reads as two check-ins.
 */
export function withBanner<T extends BannerKey>(shown: readonly T[], banner: T): T[] {
  const replaces = (x: T) =>
    (banner.trackId !== undefined && x.trackId === banner.trackId) ||
    (banner.name !== undefined && x.name === banner.name && RECORDED.has(x.kind) && RECORDED.has(banner.kind));
  return [banner, ...shown.filter((x) => !bannerExpired(x, banner.at) && !replaces(x))].slice(0, MAX_BANNERS);
}
