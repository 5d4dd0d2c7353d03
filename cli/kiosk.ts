// kiosk-create --class <code> [--name <name>]: prints the pairing link.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createKiosk, pairingLink } from "@/lib/kiosk/devices";
import { CliError, parse } from "@/cli/args";

export const kioskCreateHelp = "kiosk-create --class <code> [--name <name>]   a kiosk for a class; prints its one-time pairing link";

export async function kioskCreateCommand(db: PrismaClient, argv: string[]): Promise<void> {
  const { values } = parse(argv, { class: { type: "string" }, name: { type: "string" } });
  if (!values.class) throw new CliError(`Usage: npm run cli -- ${kioskCreateHelp.split("   ")[0]}`);
  const klass = await db.class.findUnique({ where: { code: values.class } });
  if (!klass) throw new CliError(`No class has the code ${values.class}.`, 1);
  const { code } = await createKiosk(db, { name: values.name ?? `${klass.code} kiosk`, classId: klass.id }, { label: "cli" });
  console.log(pairingLink(code));
}
