// The architecture's lint rules, proven to fire: each zone gets a planted violation through
// ESLint's own API with the project's config. A config change that silently disables a rule (a
// later block replacing an earlier one, a zone that matches nothing) fails here.
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: process.cwd() });
});

/** The rule ids ESLint reports for `code` as if it were the file at `filePath`. */
async function rulesFiring(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.severity === 2).map((m) => m.ruleId ?? m.message);
}

const ZONES: { name: string; file: string; code: string; rule: string }[] = [
  {
    name: "lib/ imports app/",
    file: "lib/csv.ts",
    code: 'export { NOT_ALLOWED } from "@/app/server-action";\n',
    rule: "import/no-restricted-paths",
  },
  { name: "lib/ imports cli/", file: "lib/csv.ts", code: 'export * from "@/cli/args";\n', rule: "import/no-restricted-paths" },
  { name: "lib/ imports root auth.ts", file: "lib/csv.ts", code: 'export { auth } from "@/auth";\n', rule: "import/no-restricted-paths" },
  { name: "lib/ imports tests", file: "lib/csv.ts", code: 'export * from "@/tests/support/rng";\n', rule: "import/no-restricted-paths" },
  { name: "app/ imports cli/", file: "app/qr-code.ts", code: 'export * from "@/cli/args";\n', rule: "import/no-restricted-paths" },
  {
    name: "cli/ imports app/",
    file: "cli/args.ts",
    code: 'export { NOT_ALLOWED } from "@/app/server-action";\n',
    rule: "import/no-restricted-paths",
  },
  { name: "cli/ imports root proxy.ts", file: "cli/args.ts", code: 'export * from "@/proxy";\n', rule: "import/no-restricted-paths" },
  {
    name: "lib/ imports server/",
    file: "lib/csv.ts",
    code: 'export { setup } from "@/server/setup";\n',
    rule: "import/no-restricted-paths",
  },
  {
    name: "app/ imports server/",
    file: "app/qr-code.ts",
    code: 'export { setup } from "@/server/setup";\n',
    rule: "import/no-restricted-paths",
  },
  {
    name: "server/ imports app/",
    file: "server/setup.ts",
    code: 'export { NOT_ALLOWED } from "@/app/server-action";\n',
    rule: "import/no-restricted-paths",
  },
  { name: "tests import bench", file: "tests/support/rng.ts", code: 'export * from "@/bench/run";\n', rule: "import/no-restricted-paths" },
  {
    name: "a client component imports Node",
    file: "app/kiosk/camera-view.tsx",
    code: 'import fs from "node:fs";\nexport const x = fs;\n',
    rule: "no-restricted-imports",
  },
  {
    name: "a client component imports the database",
    file: "app/kiosk/camera-view.tsx",
    code: 'import { db } from "@/lib/db";\nexport const x = db;\n',
    rule: "no-restricted-imports",
  },
  {
    name: "a lib module the browser loads (found through the import graph) imports Node",
    file: "lib/face/liveness.ts",
    code: 'import fs from "node:fs";\nexport const x = fs;\n',
    rule: "no-restricted-imports",
  },
  {
    name: "the kiosk worker imports the mailer",
    file: "lib/kiosk/engine-worker.ts",
    code: 'import { createMailer } from "@/lib/mail";\nexport const x = createMailer;\n',
    rule: "no-restricted-imports",
  },
  {
    name: "zod outside lib/validations (server code)",
    file: "lib/attendance/closing.ts",
    code: 'import { z } from "zod";\nexport const s = z.string();\n',
    rule: "no-restricted-imports",
  },
  {
    name: "zod outside lib/validations (browser code)",
    file: "app/kiosk/camera-view.tsx",
    code: 'import { z } from "zod";\nexport const s = z.string();\n',
    rule: "no-restricted-imports",
  },
];

describe("layer rules fire", () => {
  it.each(ZONES)("$name", async ({ file, code, rule }) => {
    expect(await rulesFiring(file, code)).toContain(rule);
  });

  it("allowed imports pass (the plants above fail for the rule, not for anything else)", async () => {
    expect(await rulesFiring("app/qr-code.ts", 'export { db } from "@/lib/db";\n')).toEqual([]);
    expect(await rulesFiring("lib/csv.ts", 'export { localTime } from "@/lib/dates";\n')).toEqual([]);
    expect(await rulesFiring("lib/validations/form.ts", 'import { z } from "zod";\nexport const s = z.string();\n')).toEqual([]);
  });
});
