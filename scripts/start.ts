// `npm start`: prepares the data folder and database, builds the app when the sources
// changed since the last build, and serves it on PORT (default 3000).
// `npm run dev` (this script with --dev): the same preparation, then Next's dev server.
// `npm run build` (--build-only): only the build, when stale, so that an update's downtime
// is not spent building (the service's start then finds it fresh).
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { spawnSync, spawn } from "node:child_process";
import { ensureSecrets, KIOSK_SERVICE_WORKER_FILE } from "@/lib/config";
import { printFirstAdmin, setup } from "@/server/setup";
import { buildServiceWorker } from "./build-service-worker";

const root = process.cwd();
const nextBin = path.join(root, "node_modules/next/dist/bin/next");

// A build is stale when any source file changed: fingerprint paths, sizes and mtimes.
function sourceFingerprint(): string {
  const hash = crypto.createHash("sha256");
  const walk = (p: string) => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      if (p.endsWith(path.join("lib", "generated"))) return;
      for (const name of fs.readdirSync(p).sort()) walk(path.join(p, name));
    } else hash.update(`${p}:${st.size}:${st.mtimeMs}\n`);
  };
  for (const p of [
    "app",
    "lib",
    "public",
    "types",
    "auth.ts",
    "auth.config.ts",
    "proxy.ts",
    "instrumentation.ts",
    "next.config.ts",
    "package-lock.json",
    "prisma/schema.prisma",
  ])
    walk(path.join(root, p));
  return hash.digest("hex");
}

const dev = process.argv.includes("--dev");
const buildOnly = process.argv.includes("--build-only");
const baseEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

const stampFile = path.join(root, ".next", "rollcall-build-stamp");
const fingerprint = sourceFingerprint();
if (!dev && (!fs.existsSync(stampFile) || fs.readFileSync(stampFile, "utf8") !== fingerprint)) {
  console.log("Building Rollcall (first start or sources changed)…");
  const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env: baseEnv });
  if (build.status !== 0) process.exit(build.status ?? 1);
  buildServiceWorker(root);
  fs.writeFileSync(stampFile, fingerprint);
} else if (buildOnly) console.log("The build is up to date.");
// `npm run dev` serves the kiosk's service worker too (a dev build does not run the step above).
if (dev || !fs.existsSync(path.join(root, KIOSK_SERVICE_WORKER_FILE))) buildServiceWorker(root);
if (buildOnly) process.exit(0);

const result = await setup();
if (result.applied.length) console.log(`Database migrated: ${result.applied.join(", ")}`);
printFirstAdmin(result.firstAdmin);

const env = {
  ...baseEnv,
  AUTH_SECRET: ensureSecrets().authSecret,
  AUTH_TRUST_HOST: process.env.AUTH_TRUST_HOST ?? "true",
};
const port = process.env.PORT ?? "3000";
// Production: our server (scripts/server.ts) around Next's handler, for the socket address.
// Development: Next's dev server (clients' addresses are then not told apart: lib/client-address.ts).
const server = dev
  ? spawn(process.execPath, [nextBin, "dev", "-p", port], { stdio: "inherit", env })
  : spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts", "server.ts")], {
      stdio: "inherit",
      env: { ...env, PORT: port, NODE_ENV: "production" },
    });
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => server.kill(sig));
server.on("exit", (code) => process.exit(code ?? 0));
