// Lint: Next's rules (React, hooks, accessibility, core web vitals, TypeScript) plus the
// architecture's one-way imports. `npm run lint` (part of `npm test`).
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import { defineConfig, globalIgnores } from "eslint/config";
import importPlugin from "eslint-plugin-import";
import fs from "node:fs";
import path from "node:path";

/** Files that say "use client": React components the browser runs. Found, not listed by hand. */
function clientComponents(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return clientComponents(p);
    return /\.tsx?$/.test(e.name) && /^\s*(\/\/[^\n]*\n\s*)*["']use client["']/.test(fs.readFileSync(p, "utf8")) ? [p] : [];
  });
}

// lib/ modules the browser loads (the face pipeline, the kiosk tracker, names and labels shared
// with pages) besides the client components themselves. They must not pull in Node or the database.
const BROWSER_CODE = [
  ...clientComponents("app"),
  "lib/face/browser.ts",
  "lib/face/enroll-client.ts",
  "lib/face/image.ts",
  "lib/face/models.ts",
  "lib/face/pipeline.ts",
  "lib/face/quality.ts",
  "lib/face/types.ts",
  "lib/kiosk/tracker.ts",
  "lib/kiosk/engine.ts",
  "lib/kiosk/engine-worker.ts",
  "lib/kiosk/engine-messages.ts",
  "lib/kiosk/protocol.ts",
  "lib/kiosk/outbox.ts",
  "lib/kiosk/service-worker.ts",
  "lib/face/blazeface.ts",
  "lib/dates.ts",
  "lib/photos/names.ts",
  "lib/attendance/statuses.ts",
  "lib/limits.ts",
  "lib/text.ts",
];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    ".next/**",
    "lib/generated/**",
    "tests/.tmp/**",
    "bench/.tmp/**",
    "bench/results/**",
    "public/**",
    "test-results/**",
    "next-env.d.ts",
    "data/**",
  ]),
  {
    plugins: { import: importPlugin },
    settings: { "import/resolver": { typescript: true, node: true } },
    rules: {
      // A leading underscore marks a value kept for its position (a destructured tuple, an unused parameter).
      "@typescript-eslint/no-unused-vars": [
        "warn",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      "import/no-cycle": "error",
      "import/no-restricted-paths": [
        "error",
        {
          zones: [
            // The domain core knows nothing of its delivery layers, tests or benchmarks.
            {
              target: "./lib",
              from: ["./app", "./cli", "./scripts", "./tests", "./bench"],
              message: "lib/ is the domain core: it must not import a delivery layer (app/, cli/), scripts, tests or benchmarks.",
            },
            // The two delivery layers stand side by side over lib/; neither reaches into tests or benchmarks.
            {
              target: "./app",
              from: ["./cli", "./tests", "./bench", "./scripts"],
              message: "app/ and cli/ are both delivery layers: share code through lib/.",
            },
            {
              target: "./cli",
              from: ["./app", "./tests", "./bench"],
              message: "app/ and cli/ are both delivery layers: share code through lib/.",
            },
            // Tests do not import benchmarks (shared helpers live in tests/support).
            { target: "./tests", from: "./bench" },
          ],
        },
      ],
    },
  },
  {
    files: BROWSER_CODE,
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["node:*", "fs", "path", "crypto", "child_process", "sharp", "better-sqlite3", "server-only"],
              message: "Browser code: no Node built-ins or native modules.",
            },
            {
              group: ["@/lib/db", "@/lib/db/*", "@/lib/config", "@/lib/clock", "@/lib/auth/*", "@/lib/setup", "@/lib/face/node"],
              message: "Browser code: server-only modules (database, files, sign-in) stay on the server.",
            },
            {
              group: ["@/lib/generated/prisma/client"],
              allowTypeImports: true,
              message: "Browser code: the Prisma client stays on the server (types are fine).",
            },
          ],
        },
      ],
    },
  },
  {
    // One home for input schemas: lib/validations/ (the matching rules' schema is their definition).
    files: ["app/**", "cli/**", "lib/**"],
    ignores: ["lib/validations/**", "lib/face/rules.ts", "lib/result.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: [{ name: "zod", allowTypeImports: true, message: "Input schemas live in lib/validations/<domain>.ts." }] },
      ],
    },
  },
  // CommonJS files (Node's --require hooks) load with require().
  { files: ["**/*.cjs"], rules: { "@typescript-eslint/no-require-imports": "off" } },
]);
