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

/** Scripts the browser runs that no client component imports: the kiosk's worker and service worker. */
const BROWSER_ENTRIES = ["lib/kiosk/engine-worker.ts", "lib/kiosk/service-worker.ts"];

/** A project-relative module specifier ("@/lib/x", "./y") as a file, or null for a package. */
function resolveModule(from, spec) {
  const base = spec.startsWith("@/") ? spec.slice(2) : spec.startsWith(".") ? path.join(path.dirname(from), spec) : null;
  if (base === null) return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), path.join(base, "index.tsx")])
    if (/\.tsx?$/.test(candidate) && fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return path.normalize(candidate);
  return null;
}

/**
 * Every module the browser loads: the client components and browser entries, and whatever they
 * import with a value import (type imports vanish at build), followed through the project. Derived,
 * so a module that starts being used by a page is checked without anyone remembering to list it.
 */
function browserModules() {
  const seen = new Set();
  const queue = [...clientComponents("app"), ...BROWSER_ENTRIES].map((f) => path.normalize(f));
  const imports = /(?:^|[\n;])\s*(?:import|export)\s+(?!type\s)([^"'`;]*?\sfrom\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;
  // `import { type A, type B } from` is erased like `import type`.
  const onlyTypes = (clause) =>
    /^\{[^}]*\}\s*from\s+$/.test(clause.trim() + " ") &&
    clause
      .slice(clause.indexOf("{") + 1, clause.indexOf("}"))
      .split(",")
      .every((n) => !n.trim() || /^type\s/.test(n.trim()));
  while (queue.length) {
    const file = queue.pop();
    if (seen.has(file)) continue;
    const text = fs.readFileSync(file, "utf8");
    // A "use server" module reaches the browser as references to server actions, not as code.
    if (/^\s*(\/\/[^\n]*\n\s*)*["']use server["']/.test(text)) continue;
    seen.add(file);
    for (const m of text.matchAll(imports)) {
      if (m[1] && onlyTypes(m[1])) continue;
      const target = resolveModule(file, m[2] ?? m[3]);
      if (target && !seen.has(target)) queue.push(target);
    }
  }
  return [...seen].sort();
}

const BROWSER_CODE = browserModules();

// Input schemas have one home (lib/validations/; the matching rules' schema is their definition).
const ZOD_HOMES = ["lib/validations/**", "lib/face/rules.ts", "lib/result.ts"];
const ZOD_RULE = { name: "zod", allowTypeImports: true, message: "Input schemas live in lib/validations/<domain>.ts." };
const BROWSER_PATTERNS = [
  {
    group: [
      "node:*",
      "fs",
      "path",
      "crypto",
      "child_process",
      "sharp",
      "better-sqlite3",
      "server-only",
      "pg",
      "nodemailer",
      "@/auth",
      "@/auth.config",
    ],
    message: "Browser code: no Node built-ins or native modules.",
  },
  {
    group: ["@/lib/db", "@/lib/db/*", "@/lib/config", "@/lib/clock", "@/lib/auth/*", "@/lib/face/node", "@/lib/mail"],
    message: "Browser code: server-only modules (database, files, sign-in, mail) stay on the server.",
  },
  {
    group: ["@/lib/generated/prisma/client"],
    allowTypeImports: true,
    message: "Browser code: the Prisma client stays on the server (types are fine).",
  },
];
const isZodHome = (f) => f.startsWith("lib/validations/") || f === "lib/face/rules.ts" || f === "lib/result.ts";

// Root files: Auth.js's configuration and the request proxy are delivery code like app/.
const ROOT_DELIVERY = ["./auth.ts", "./auth.config.ts", "./proxy.ts", "./instrumentation.ts"];

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
              from: ["./app", "./cli", "./server", "./scripts", "./tests", "./bench", ...ROOT_DELIVERY],
              message:
                "lib/ is the domain core: it must not import a delivery layer (app/, cli/, auth.ts, proxy.ts), scripts, tests or benchmarks.",
            },
            // The two delivery layers stand side by side over lib/; neither reaches into tests or benchmarks.
            // server/ holds the runners (first-start setup, the minute jobs' timers): started by
            // npm start, the CLI and instrumentation.ts, never imported by a page.
            {
              target: "./server",
              from: ["./app", "./cli", "./tests", "./bench", "./scripts"],
              message: "server/ runs lib/ (setup, timers): it does not import a delivery layer.",
            },
            {
              target: "./app",
              from: ["./cli", "./server", "./tests", "./bench", "./scripts"],
              message: "app/ and cli/ are both delivery layers: share code through lib/.",
            },
            {
              target: "./cli",
              from: ["./app", "./tests", "./bench", ...ROOT_DELIVERY],
              message: "app/ and cli/ are both delivery layers: share code through lib/.",
            },
            // Tests do not import benchmarks (shared helpers live in tests/support).
            { target: "./tests", from: "./bench" },
          ],
        },
      ],
    },
  },
  // One no-restricted-imports per file: in a flat config a later block's setting of a rule
  // replaces an earlier one for the files both match, so the zod home and the browser rules are
  // set together here (tests/unit/lint-zones.test.ts plants a violation of each).
  {
    files: ["app/**", "cli/**", "lib/**"],
    ignores: ZOD_HOMES,
    rules: { "no-restricted-imports": ["error", { paths: [ZOD_RULE] }] },
  },
  {
    files: BROWSER_CODE.filter((f) => !isZodHome(f)),
    rules: { "no-restricted-imports": ["error", { paths: [ZOD_RULE], patterns: BROWSER_PATTERNS }] },
  },
  ...(BROWSER_CODE.some(isZodHome)
    ? [{ files: BROWSER_CODE.filter(isZodHome), rules: { "no-restricted-imports": ["error", { patterns: BROWSER_PATTERNS }] } }]
    : []),
  // CommonJS files (Node's --require hooks) load with require().
  { files: ["**/*.cjs"], rules: { "@typescript-eslint/no-require-imports": "off" } },
]);
