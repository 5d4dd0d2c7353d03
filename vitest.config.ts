import path from "node:path";
import { defineConfig } from "vitest/config";

const SQLITE_OR_NO_DATABASE = ["cli", "migrate", "face-match", "face-pipeline", "kiosk-engine", "rates", "lint-zones"];

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["tests/unit/**/*.test.ts"],
    // On PostgreSQL, the files that use a database; the others (face models, lint rules, the SQLite CLI and
    // migrations) test nothing a second database changes.
    exclude: process.env.ROLLCALL_TEST_DB === "postgresql" ? SQLITE_OR_NO_DATABASE.map((f) => `tests/unit/${f}.test.ts`) : [],
    // Starts a PostgreSQL cluster only for `npm run test:unit:pg` (ROLLCALL_TEST_DB=postgresql).
    globalSetup: ["tests/unit/postgres-setup.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Face models run in wasm on two cores: one test file at a time keeps timings sane.
    fileParallelism: false,
  },
});
