// Prisma CLI configuration. Only `prisma generate` is used from the CLI: migrations run
// through Prisma's wasm schema engine (lib/db/migrate.ts), so nothing is downloaded.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
