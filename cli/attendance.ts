// export-attendance: the attendance CSV for a school information system's nightly import.
// close-sessions: closes sessions whose period ended (the server also does it every minute).
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { closeDueSessions } from "@/lib/attendance/closing";
import { CliError, parse } from "@/cli/args";
import { now } from "@/lib/clock";
import { rangeSchema } from "@/lib/validations/reports";
import { attendanceExport } from "@/lib/data/exports";
import { count } from "@/lib/text";

export const exportAttendanceHelp =
  "export-attendance [--class <code>] --from <date> --to <date>   attendance records as CSV (Ed-Fi categories) on stdout";
export const closeSessionsHelp =
  "close-sessions                    close sessions whose period ended; unmarked students become Unexcused absence";

/** The CLI acts with an administrator's reach (it runs on the server, as the school's IT). */
const CLI_VIEWER = { id: "cli", role: "ADMIN" as const };

export async function exportAttendanceCommand(db: PrismaClient, argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { class: { type: "string" }, from: { type: "string" }, to: { type: "string" } });
  if (positionals.length)
    throw new CliError(`Unexpected argument "${positionals[0]}".\nUsage: npm run cli -- ${exportAttendanceHelp.split("   ")[0]}`);
  if (!values.from || !values.to)
    throw new CliError(`--from and --to are required (YYYY-MM-DD).\nUsage: npm run cli -- ${exportAttendanceHelp.split("   ")[0]}`);
  const range = rangeSchema.safeParse({ from: values.from, to: values.to });
  if (!range.success) throw new CliError(range.error.issues[0].message);
  const csv = await attendanceExport(db, CLI_VIEWER, range.data, values.class);
  if (csv === null) throw new CliError(`No class with code "${values.class}".`, 1);
  process.stdout.write(csv);
}

export async function closeSessionsCommand(db: PrismaClient, argv: string[]): Promise<void> {
  if (argv.length) throw new CliError(`Usage: npm run cli -- close-sessions`);
  const { sessions, absent } = await closeDueSessions(db, now());
  console.log(`Closed ${count(sessions, "session")}; ${count(absent, "unmarked student record")} set to Unexcused absence.`);
}
