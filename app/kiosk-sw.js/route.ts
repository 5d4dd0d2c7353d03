// GET /kiosk-sw.js: the kiosk's service worker (lib/kiosk/service-worker.ts, bundled at build
// time by scripts/build-service-worker.ts). Public, like any script: it holds no data.
import fs from "node:fs/promises";
import path from "node:path";
import { KIOSK_SERVICE_WORKER_FILE } from "@/lib/config";

export async function GET() {
  try {
    const code = await fs.readFile(path.join(process.cwd(), KIOSK_SERVICE_WORKER_FILE), "utf8");
    // Never cached by HTTP: a new build's worker must replace the old one on the next visit.
    return new Response(code, { headers: { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-cache" } });
  } catch {
    return new Response("// The kiosk's service worker is not built: run npm run build.\n", {
      status: 503,
      headers: { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
}
