import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createUser, generatePassword, setPassword, UserInputError } from "@/lib/staff";
import { CliError, parse } from "@/cli/args";

export const createUserHelp = "create-user --email <email> --name <name> --role ADMIN|TEACHER [--password <password>]";

/** create-user: prints the account created, and the password when it generated one. */
export async function createUserCommand(db: PrismaClient, argv: string[]): Promise<void> {
  const { values } = parse(argv, {
    email: { type: "string" },
    name: { type: "string" },
    role: { type: "string" },
    password: { type: "string" },
  });
  if (!values.email || !values.name || !values.role) throw new CliError(`Usage: ${createUserHelp}`);
  const password = values.password ?? generatePassword();
  try {
    const user = await createUser(
      db,
      { email: values.email, name: values.name, role: values.role.toUpperCase() as "ADMIN" | "TEACHER", password },
      { label: "cli" },
    );
    console.log(`Created ${user.role} ${user.email} (${user.name})`);
    if (!values.password) console.log(`Password: ${password}`);
  } catch (e) {
    if (e instanceof UserInputError) throw new CliError(e.message, 1);
    throw e;
  }
}

export const setPasswordHelp = "set-password --email <email> [--password <password>]   e.g. for teachers imported from the roster";

export async function setPasswordCommand(db: PrismaClient, argv: string[]): Promise<void> {
  const { values } = parse(argv, { email: { type: "string" }, password: { type: "string" } });
  if (!values.email) throw new CliError(`Usage: npm run cli -- ${setPasswordHelp.split("   ")[0]}`);
  const password = values.password ?? generatePassword();
  try {
    const user = await setPassword(db, values.email, password, { label: "cli" });
    console.log(`Password set for ${user.email}`);
    if (!values.password) console.log(`Password: ${password}`);
  } catch (e) {
    if (e instanceof UserInputError) throw new CliError(e.message, 1);
    throw e;
  }
}
