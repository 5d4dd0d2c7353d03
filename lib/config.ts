// Where Rollcall keeps its data and secrets. Node-only (reads the file system).
// Everything has a default, so a newcomer sets nothing by hand.
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";

export function dataDir(): string {
  // The data folder is chosen at run time, never traced into the build.
  return path.resolve(/*turbopackIgnore: true*/ process.env.ROLLCALL_DATA_DIR ?? path.join(process.cwd(), "data"));
}

/** The kiosk's bundled service worker, relative to the app's folder (written at build, served by app/kiosk-sw.js). */
export const KIOSK_SERVICE_WORKER_FILE = path.join(".next", "rollcall", "kiosk-sw.js");

/** `DATABASE_URL` if set, else a SQLite file in the data folder. */
export function databaseUrl(): string {
  return process.env.DATABASE_URL ?? `file:${path.join(dataDir(), "rollcall.db")}`;
}

/**
 * The name IT gives this app instance (ROLLCALL_INSTANCE, e.g. "app-2"), when several serve one
 * school behind a proxy: the health route says which one answered, job runs say which one ran.
 */
export function instanceLabel(): string | null {
  const name = process.env.ROLLCALL_INSTANCE?.trim();
  return name && /^[A-Za-z0-9._-]{1,64}$/.test(name) ? name : null;
}

/**
 * The address people reach Rollcall at (ROLLCALL_BASE_URL, e.g. https://rollcall.myschool.lan),
 * for links made without a request to read it from: the CLI's pairing links, the opt-out link
 * in guardian notices.
 */
export function baseUrl(): string {
  return (process.env.ROLLCALL_BASE_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, "");
}

type Secrets = { authSecret: string };

/**
 * Secrets generated on first run and kept in `<data>/secrets.json` (mode 600),
 * unless given in the environment. Values from the environment win.
 */
export function ensureSecrets(): Secrets {
  const file = path.join(dataDir(), "secrets.json");
  let stored: Partial<Secrets> = {};
  if (fs.existsSync(file)) stored = JSON.parse(fs.readFileSync(file, "utf8"));
  if (!stored.authSecret) {
    stored.authSecret = crypto.randomBytes(32).toString("base64url");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(stored, null, 2) + "\n", { mode: 0o600 });
  }
  return { authSecret: process.env.AUTH_SECRET ?? stored.authSecret };
}
