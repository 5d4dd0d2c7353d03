// Which database a URL names, and where each provider's schema and migrations live.
// prisma/schema.prisma (SQLite) is the one source of truth; the PostgreSQL schema is generated
// from it (Prisma cannot take the provider from the environment, prisma#998) and each provider
// keeps its own migrations folder (one folder cannot mix providers).
import path from "node:path";

export type Provider = "sqlite" | "postgresql";

export function providerOf(url: string): Provider {
  return /^postgres(ql)?:\/\//i.test(url) ? "postgresql" : "sqlite";
}

const PRISMA_DIR = path.join(/*turbopackIgnore: true*/ process.cwd(), "prisma");

export const SCHEMA_FILES: Record<Provider, string> = {
  sqlite: path.join(PRISMA_DIR, "schema.prisma"),
  postgresql: path.join(PRISMA_DIR, "postgresql", "schema.prisma"),
};

export const MIGRATION_DIRS: Record<Provider, string> = {
  sqlite: path.join(PRISMA_DIR, "migrations"),
  postgresql: path.join(PRISMA_DIR, "postgresql", "migrations"),
};

const GENERATED_HEADER =
  "// GENERATED from prisma/schema.prisma by `npm run db -- migrate:create` (lib/db/provider.ts):\n" +
  "// do not edit. The same models for PostgreSQL, with their own client and migrations.\n\n";

/** The PostgreSQL schema for a source schema: the provider and the client's folder swapped, nothing else. */
export function postgresSchema(source: string): string {
  const swapped = source
    .replace(/(datasource db \{[^}]*provider\s*=\s*)"sqlite"/, '$1"postgresql"')
    .replace(/(generator client \{[^}]*output\s*=\s*)"\.\.\/lib\/generated\/prisma"/, '$1"../../lib/generated/prisma-pg"');
  if (!swapped.includes('"postgresql"') || !swapped.includes("prisma-pg"))
    throw new Error("prisma/schema.prisma: expected a sqlite datasource and a client output of ../lib/generated/prisma");
  return GENERATED_HEADER + swapped;
}
