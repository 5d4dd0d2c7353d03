// Structured logs: one JSON line per event on stdout (stderr for errors), so that journald,
// `journalctl -u rollcall -o cat | jq` or a log shipper can read them. No personal data goes in
// here: no names, emails, descriptors or request bodies; an error's message and stack only.

export type LogLevel = "info" | "warn" | "error";

function serialise(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack?.split("\n").slice(0, 8).join("\n") };
  return value;
}

/** Writes `{"time","level","event",...fields}` as one line; `time` is the real clock, as any log's. */
export function logEvent(level: LogLevel, event: string, fields: Record<string, unknown> = {}, at: Date = new Date()): void {
  const line: Record<string, unknown> = { time: at.toISOString(), level, event };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) line[key] = serialise(value);
  // console, not process.stdout: the proxy (edge runtime) logs through here too.
  (level === "error" ? console.error : console.log)(JSON.stringify(line));
}
