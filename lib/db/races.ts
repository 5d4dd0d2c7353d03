// Prisma's upsert reads, then inserts or updates: two callers racing on a new key both read
// "none" and one insert fails on the unique index (P2002). SQLite's single writer hid this in one
// process; PostgreSQL with several connections shows it (two kiosks starting the same session).

export const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === "P2002";
/** An update, delete or `…OrThrow` read of a row that is not there (P2025): deleted meanwhile, or never was. */
export const isMissingRow = (e: unknown) => (e as { code?: string })?.code === "P2025";

/** Runs an upsert again once if it lost the race to create the row: the second time it finds it. */
export async function upsertRaced<T>(upsert: () => Promise<T>): Promise<T> {
  try {
    return await upsert();
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return upsert();
  }
}
