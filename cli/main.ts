// The CLI's commands and their dispatch: `cli/index.ts` runs it as a process (`npm run cli -- <command>`);
// tests run it in-process, which loads the code once instead of once per command.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createPrismaClient } from "@/lib/db";
import { printFirstAdmin, setup } from "@/server/setup";
import { CliError } from "@/cli/args";
import { InputError } from "@/lib/result";

/**
 * A command: its module is imported only when it runs (or for the usage text), so that a quick
 * command does not load the face models' code, sharp, the mailer and every other command's
 * imports first (each run of the CLI paid for all of them).
 */
type Command = { needsDb: boolean; help(): Promise<string>; run(db: PrismaClient, argv: string[]): Promise<void> };
function command<M>(
  needsDb: boolean,
  load: () => Promise<M>,
  help: (m: M) => string,
  run: (m: M, argv: string[], db: PrismaClient) => Promise<void>,
): Command {
  return { needsDb, help: async () => help(await load()), run: async (db, argv) => run(await load(), argv, db) };
}

const users = () => import("@/cli/users");
const face = () => import("@/cli/face");
const attendance = () => import("@/cli/attendance");

const COMMANDS: Record<string, Command> = {
  "create-user": command(
    true,
    users,
    (m) => m.createUserHelp,
    (m, argv, db) => m.createUserCommand(db, argv),
  ),
  "set-password": command(
    true,
    users,
    (m) => m.setPasswordHelp,
    (m, argv, db) => m.setPasswordCommand(db, argv),
  ),
  embed: command(
    false,
    face,
    (m) => m.embedHelp,
    (m, argv) => m.embedCommand(argv),
  ),
  verify: command(
    true,
    face,
    (m) => m.verifyHelp,
    (m, argv, db) => m.verifyCommand(db, argv),
  ),
  rules: command(
    true,
    face,
    (m) => m.rulesHelp,
    (m, _argv, db) => m.rulesCommand(db),
  ),
  identify: command(
    true,
    face,
    (m) => m.identifyHelp,
    (m, argv, db) => m.identifyCommand(db, argv),
  ),
  calibrate: command(
    true,
    face,
    (m) => m.calibrateHelp,
    (m, argv, db) => m.calibrateCommand(db, argv),
  ),
  "import-roster": command(
    true,
    () => import("@/cli/roster"),
    (m) => m.importRosterHelp,
    (m, argv, db) => m.importRosterCommand(db, argv),
  ),
  "import-photos": command(
    true,
    () => import("@/cli/photos"),
    (m) => m.importPhotosHelp,
    (m, argv, db) => m.importPhotosCommand(db, argv),
  ),
  "reshoot-list": command(
    true,
    () => import("@/cli/reshoot"),
    (m) => m.reshootListHelp,
    (m, argv, db) => m.reshootListCommand(db, argv),
  ),
  consent: command(
    true,
    () => import("@/cli/consent"),
    (m) => m.consentHelp,
    (m, argv, db) => m.consentCommand(db, argv),
  ),
  "kiosk-create": command(
    true,
    () => import("@/cli/kiosk"),
    (m) => m.kioskCreateHelp,
    (m, argv, db) => m.kioskCreateCommand(db, argv),
  ),
  "export-attendance": command(
    true,
    attendance,
    (m) => m.exportAttendanceHelp,
    (m, argv, db) => m.exportAttendanceCommand(db, argv),
  ),
  "close-sessions": command(
    true,
    attendance,
    (m) => m.closeSessionsHelp,
    (m, argv, db) => m.closeSessionsCommand(db, argv),
  ),
  purge: command(
    true,
    () => import("@/cli/purge"),
    (m) => m.purgeHelp,
    (m, argv, db) => m.purgeCommand(db, argv),
  ),
  backup: command(
    true,
    () => import("@/cli/backup"),
    (m) => m.backupHelp,
    (m, argv) => m.backupCommand(argv),
  ),
  liveness: command(
    true,
    () => import("@/cli/liveness"),
    (m) => m.livenessHelp,
    (m, argv, db) => m.livenessCommand(db, argv),
  ),
  "send-notices": command(
    true,
    () => import("@/cli/notices"),
    (m) => m.sendNoticesHelp,
    (m, argv, db) => m.sendNoticesCommand(db, argv),
  ),
};

async function usage(): Promise<string> {
  const helps = await Promise.all(Object.values(COMMANDS).map((c) => c.help()));
  return ["Usage: npm run cli -- <command> [options]", "", "Commands:", ...helps.map((h) => `  ${h}`)].join("\n");
}

/** Runs one command (`args` as after `npm run cli --`); the exit code. Its own database client, closed at the end. */
export async function main(args: string[]): Promise<number> {
  const [name, ...argv] = args;
  if (!name || name === "help" || name === "--help") {
    console.log(await usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${await usage()}`);
    return 2;
  }
  const db = createPrismaClient();
  try {
    if (command.needsDb) {
      // The database may be new: migrate it, and report a first admin on stderr so stdout stays parseable.
      const result = await setup();
      const log = console.log;
      console.log = console.error;
      printFirstAdmin(result.firstAdmin);
      console.log = log;
    }
    await command.run(db, argv);
    return 0;
  } catch (e) {
    if (e instanceof CliError) {
      console.error(e.message);
      return e.exitCode;
    }
    // Input a person can fix (lib/result.ts): its message, exit 1, nothing written.
    if (e instanceof InputError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  } finally {
    await db.$disconnect();
  }
}
