// Lint: Next's rules (React, hooks, accessibility, core web vitals, TypeScript) plus the
// architecture's one-way imports. `npm run lint` (part of `npm test`).
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import { defineConfig, globalIgnores } from "eslint/config";
import importPlugin from "eslint-plugin-import";

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
              from: ["./app", "./scripts", "./tests", "./bench"],
              message: "lib/ is the domain core: it must not import a delivery layer, tests or benchmarks.",
            },
            // Pages and actions never reach into tests or benchmarks.
            { target: "./app", from: ["./tests", "./bench", "./scripts"] },
            // Tests do not import benchmarks (shared helpers live in tests/support).
            { target: "./tests", from: "./bench" },
          ],
        },
      ],
    },
  },
  // CommonJS files (Node's --require hooks) load with require().
  { files: ["**/*.cjs"], rules: { "@typescript-eslint/no-require-imports": "off" } },
]);
