// Developer commands for the database schema:
//   npm run db -- migrate:create <name>   write a migration for changes to prisma/schema.prisma (for SQLite and
//                                         PostgreSQL), and regenerate prisma/postgresql/schema.prisma
//   npm run db -- migrate:deploy          apply pending migrations to DATABASE_URL (the app does this on start)
//   npm run db -- generate                regenerate both Prisma clients (lib/generated) after a schema change
import { execFileSync } from "node:child_process";
import path from "node:path";
import { applyMigrations, createMigration } from "@/lib/db/migrate";
import { SCHEMA_FILES } from "@/lib/db/provider";

const [command, name] = process.argv.slice(2);
if (command === "migrate:create" && name) {
  const dirs = await createMigration(name);
  console.log(dirs.length ? `Created ${dirs.join(" and ")}` : "No schema changes: no migration created.");
} else if (command === "migrate:deploy") {
  const applied = await applyMigrations();
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
} else if (command === "generate") {
  // Prisma's CLI wants a native schema engine even for `generate`, which does not use it; any
  // existing file keeps it from downloading one (as scripts/postinstall.mjs does).
  for (const schema of Object.values(SCHEMA_FILES))
    execFileSync(process.execPath, [path.resolve("node_modules/prisma/build/index.js"), "generate", "--schema", schema], {
      stdio: "inherit",
      env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: path.resolve("package.json"), PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    });
} else {
  console.error("Usage: npm run db -- migrate:create <name> | migrate:deploy | generate");
  process.exit(2);
}
