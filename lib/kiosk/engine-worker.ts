// The kiosk's Web Worker: loads the models and runs the engine on frames the page transfers
// (ImageBitmap), so the page's main thread only captures, draws and talks to the server.
// Messages are the `EngineRequest` / `EngineReply` types of ./engine-messages.
import { bitmapToRgb, browserFaceApi } from "@/lib/face/browser";
import { KioskEngine } from "./engine";
import type { EngineReply, EngineRequest } from "./engine-messages";

const scope = self as unknown as { postMessage(m: EngineReply): void; onmessage: ((e: MessageEvent<EngineRequest>) => void) | null };
let engine: KioskEngine | undefined;

scope.onmessage = async (e) => {
  const m = e.data;
  try {
    if (m.type === "start") {
      const nets = await browserFaceApi(m.origin);
      engine = new KioskEngine(nets);
      const resources = performance.getEntriesByType("resource").map((e) => e.name);
      scope.postMessage({ type: "started", backend: nets.backend, resources });
    } else if (m.type === "frame") {
      const img = bitmapToRgb(m.bitmap, m.bitmap.width, m.bitmap.height);
      m.bitmap.close();
      scope.postMessage({ type: "step", step: await engine!.step(img, m.frameAt) });
    } else if (m.type === "resolve") {
      engine?.resolve(m.trackId, m.outcome, m.at, m.challenge);
    } else if (m.type === "reopen") {
      engine?.reopen(m.outcome);
    }
  } catch (err) {
    scope.postMessage({ type: "error", message: (err as Error).message ?? String(err), during: m.type });
  }
};
