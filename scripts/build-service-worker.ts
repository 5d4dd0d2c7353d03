// Bundles the kiosk's service worker (lib/kiosk/service-worker.ts, with Serwist) into
// .next/rollcall/kiosk-sw.js, which app/kiosk-sw.js/route.ts serves. Run by `npm run build` /
// `npm start` after `next build` (which empties .next/ first).
import path from "node:path";
import { buildSync } from "esbuild";
import { KIOSK_SERVICE_WORKER_FILE } from "@/lib/config";

export function buildServiceWorker(root = process.cwd()): void {
  buildSync({
    entryPoints: [path.join(root, "lib/kiosk/service-worker.ts")],
    outfile: path.join(root, KIOSK_SERVICE_WORKER_FILE),
    bundle: true,
    format: "iife",
    minify: true,
    target: "es2020",
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "warning",
  });
}
