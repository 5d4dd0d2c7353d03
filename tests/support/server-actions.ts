// Server actions of the current build, called over HTTP as the browser does (POST with the
// Next-Action header; ids from Next's server-reference manifest, which change with every build).
import fs from "node:fs";
import path from "node:path";

type BuiltAction = { filename: string; exportedName: string; workers: Record<string, unknown> };

/** The server actions of the current build (`.next`), by id, from Next's server-reference manifest. */
export function builtServerActions(): Record<string, BuiltAction> {
  return JSON.parse(fs.readFileSync(path.resolve(".next/server/server-reference-manifest.json"), "utf8")).node;
}

/** One server action of the current build: its id (the Next-Action header) and the pages that have it. */
export function serverAction(file: string, name: string): { id: string; workers: string[] } {
  const found = Object.entries(builtServerActions()).find(([, a]) => a.filename === file && a.exportedName === name);
  if (!found) throw new Error(`No server action ${name} in ${file} in this build.`);
  return { id: found[0], workers: Object.keys(found[1].workers) };
}

/** Calls a server action over HTTP like the browser; returns the action's return value. */
export async function callAction(
  baseUrl: string,
  page: string,
  id: string,
  args: unknown[],
  cookie: string,
): Promise<{ status: number; value: unknown }> {
  const res = await fetch(`${baseUrl}${page}`, {
    method: "POST",
    headers: { "Next-Action": id, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component", Cookie: cookie },
    body: JSON.stringify(args),
  });
  const text = await res.text();
  // The RSC answer is one row per line, "1:<json>" being the action's return value.
  const row = text.split("\n").find((l) => l.startsWith("1:"));
  return { status: res.status, value: row ? JSON.parse(row.slice(2)) : null };
}
