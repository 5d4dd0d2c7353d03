// The kiosk's outbox: check-ins the server could not take (network down, server restarting),
// kept in the screen's IndexedDB until they are delivered. They hold descriptors (biometric
// data): each is deleted once the server answered it, or when it expires (the session's end
// plus the school's offline grace), whichever comes first. Browser only.
import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import type { CheckInFace } from "./protocol";

/** A face waiting to be delivered; `expiresAt` in ms since the epoch (server clock). */
export type QueuedCheckIn = Required<Pick<CheckInFace, "eventId" | "capturedAt">> & {
  trackId: string;
  frames: number[][];
  expiresAt: number;
};

interface OutboxDb extends DBSchema {
  outbox: { key: string; value: QueuedCheckIn; indexes: { expiresAt: number } };
}

const NAME = "rollcall-kiosk";
let opening: Promise<IDBPDatabase<OutboxDb>> | undefined;

function open(): Promise<IDBPDatabase<OutboxDb>> {
  opening ??= openDB<OutboxDb>(NAME, 1, {
    upgrade(db) {
      db.createObjectStore("outbox", { keyPath: "eventId" }).createIndex("expiresAt", "expiresAt");
    },
  });
  return opening;
}

export const outbox = {
  async add(items: QueuedCheckIn[]): Promise<void> {
    const tx = (await open()).transaction("outbox", "readwrite");
    await Promise.all([...items.map((i) => tx.store.put(i)), tx.done]);
  },
  /** Deletes what expired (by `nowMs`, server clock), then returns the rest, oldest first. */
  async pending(nowMs: number): Promise<QueuedCheckIn[]> {
    const db = await open();
    const tx = db.transaction("outbox", "readwrite");
    for await (const cursor of tx.store.index("expiresAt").iterate(IDBKeyRange.upperBound(nowMs))) await cursor.delete();
    await tx.done;
    return (await db.getAll("outbox")).sort((a, b) => a.capturedAt.localeCompare(b.capturedAt));
  },
  async remove(eventIds: string[]): Promise<void> {
    const tx = (await open()).transaction("outbox", "readwrite");
    await Promise.all([...eventIds.map((id) => tx.store.delete(id)), tx.done]);
  },
  async count(): Promise<number> {
    return (await open()).count("outbox");
  },
};
