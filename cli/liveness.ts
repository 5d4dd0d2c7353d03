// liveness head-turn|off [--class <code>]: the kiosk's liveness check for the school (its
// default) or for one class; prints the setting in force afterwards.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { CliError, parse } from "@/cli/args";
import { setLiveness } from "@/lib/attendance/liveness";

export const livenessHelp =
  "liveness head-turn|off [--class <code>]   the kiosk's head-turn check: the school default, or one class (school-default: follow it)";

const MODES = { "head-turn": "HEAD_TURN", off: "OFF", "school-default": null } as const;

export async function livenessCommand(db: PrismaClient, argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { class: { type: "string" } });
  const usage = "Usage: npm run cli -- liveness head-turn|off [--class <code>]  (with --class also: school-default)";
  if (positionals.length !== 1 || !(positionals[0] in MODES)) throw new CliError(usage);
  const mode = MODES[positionals[0] as keyof typeof MODES];
  if (mode === null && !values.class) throw new CliError(usage);
  const result = await setLiveness(db, mode, values.class ?? null, { label: "cli" });
  if (!result.ok) throw new CliError(result.message, 1);
  console.log(result.message);
}
