// Developer commands for the database schema:
//   npm run db -- migrate:create <name>   write a migration for changes to prisma/schema.prisma
//   npm run db -- migrate:deploy          apply pending migrations to DATABASE_URL (the app does this on start)
import { applyMigrations, createMigration } from "@/lib/db/migrate";

const [command, name] = process.argv.slice(2);
if (command === "migrate:create" && name) {
  const dir = await createMigration(name);
  console.log(dir ? `Created ${dir}` : "No schema changes: no migration created.");
} else if (command === "migrate:deploy") {
  const applied = await applyMigrations();
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
} else {
  console.error("Usage: npm run db -- migrate:create <name> | migrate:deploy");
  process.exit(2);
}
