// `npm run cli -- <command>`: everything a school's IT person scripts.
import { createPrismaClient } from "@/lib/db";
import { printFirstAdmin, setup } from "@/server/setup";
import { CliError } from "@/cli/args";
import { InputError } from "@/lib/result";
import { createUserCommand, createUserHelp, setPasswordCommand, setPasswordHelp } from "@/cli/users";
import { backupCommand, backupHelp } from "@/cli/backup";
import { kioskCreateCommand, kioskCreateHelp } from "@/cli/kiosk";
import { importRosterCommand, importRosterHelp } from "@/cli/roster";
import { consentCommand, consentHelp } from "@/cli/consent";
import { importPhotosCommand, importPhotosHelp } from "@/cli/photos";
import { closeSessionsCommand, closeSessionsHelp, exportAttendanceCommand, exportAttendanceHelp } from "@/cli/attendance";
import { purgeCommand, purgeHelp } from "@/cli/purge";
import { livenessCommand, livenessHelp } from "@/cli/liveness";
import { sendNoticesCommand, sendNoticesHelp } from "@/cli/notices";
import { reshootListCommand, reshootListHelp } from "@/cli/reshoot";
import {
  calibrateCommand,
  calibrateHelp,
  embedCommand,
  embedHelp,
  identifyCommand,
  identifyHelp,
  rulesCommand,
  rulesHelp,
  verifyCommand,
  verifyHelp,
} from "@/cli/face";

type Command = { help: string; needsDb: boolean; run(argv: string[]): Promise<void> };

const db = createPrismaClient();

const COMMANDS: Record<string, Command> = {
  "create-user": { help: createUserHelp, needsDb: true, run: (argv) => createUserCommand(db, argv) },
  "set-password": { help: setPasswordHelp, needsDb: true, run: (argv) => setPasswordCommand(db, argv) },
  embed: { help: embedHelp, needsDb: false, run: (argv) => embedCommand(argv) },
  verify: { help: verifyHelp, needsDb: true, run: (argv) => verifyCommand(db, argv) },
  rules: { help: rulesHelp, needsDb: true, run: () => rulesCommand(db) },
  identify: { help: identifyHelp, needsDb: true, run: (argv) => identifyCommand(db, argv) },
  calibrate: { help: calibrateHelp, needsDb: true, run: (argv) => calibrateCommand(db, argv) },
  "import-roster": { help: importRosterHelp, needsDb: true, run: (argv) => importRosterCommand(db, argv) },
  "import-photos": { help: importPhotosHelp, needsDb: true, run: (argv) => importPhotosCommand(db, argv) },
  "reshoot-list": { help: reshootListHelp, needsDb: true, run: (argv) => reshootListCommand(db, argv) },
  consent: { help: consentHelp, needsDb: true, run: (argv) => consentCommand(db, argv) },
  "kiosk-create": { help: kioskCreateHelp, needsDb: true, run: (argv) => kioskCreateCommand(db, argv) },
  "export-attendance": { help: exportAttendanceHelp, needsDb: true, run: (argv) => exportAttendanceCommand(db, argv) },
  "close-sessions": { help: closeSessionsHelp, needsDb: true, run: (argv) => closeSessionsCommand(db, argv) },
  purge: { help: purgeHelp, needsDb: true, run: (argv) => purgeCommand(db, argv) },
  backup: { help: backupHelp, needsDb: true, run: (argv) => backupCommand(argv) },
  liveness: { help: livenessHelp, needsDb: true, run: (argv) => livenessCommand(db, argv) },
  "send-notices": { help: sendNoticesHelp, needsDb: true, run: (argv) => sendNoticesCommand(db, argv) },
};

function usage(): string {
  return ["Usage: npm run cli -- <command> [options]", "", "Commands:", ...Object.values(COMMANDS).map((c) => `  ${c.help}`)].join("\n");
}

async function main(): Promise<number> {
  const [name, ...argv] = process.argv.slice(2);
  if (!name || name === "help" || name === "--help") {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
  try {
    if (command.needsDb) {
      // The database may be new: migrate it, and report a first admin on stderr so stdout stays parseable.
      const result = await setup();
      const log = console.log;
      console.log = console.error;
      printFirstAdmin(result.firstAdmin);
      console.log = log;
    }
    await command.run(argv);
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

process.exitCode = await main();
