"use client";

// Registers the kiosk's service worker (lib/kiosk/service-worker.ts) and hands it everything the
// screen loaded before the worker controlled it (the page, its scripts, the recognition worker's
// scripts, the models, the wasm), so that a screen reloaded while the server is down still starts.
import { MODEL_FILES } from "@/lib/face/models";

const CACHED = /^\/(kiosk$|_next\/static\/|models\/|tfjs\/)/;

/** Resolves true once the service worker has cached what the kiosk needs to start offline. */
export async function prepareOfflineStart(loadedElsewhere: string[]): Promise<boolean> {
  if (!("serviceWorker" in navigator)) return false;
  // Scope "/": the recognition worker's script lives under /_next/static/, and a dedicated worker
  // is controlled only by a service worker whose scope covers its own URL. The worker caches
  // nothing but the kiosk page and static files (lib/kiosk/service-worker.ts).
  await navigator.serviceWorker.register("/kiosk-sw.js", { scope: "/" });
  const active = (await navigator.serviceWorker.ready).active;
  if (!active) return false;
  const urls = [
    `${location.origin}/kiosk`,
    ...performance.getEntriesByType("resource").map((e) => e.name),
    ...loadedElsewhere,
    ...MODEL_FILES.map((f) => `${location.origin}/${f}`),
  ].filter((u) => {
    const url = new URL(u, location.origin);
    return url.origin === location.origin && CACHED.test(url.pathname);
  });
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(false), 120_000);
    channel.port1.onmessage = () => {
      clearTimeout(timer);
      resolve(true);
    };
    active.postMessage({ type: "CACHE_URLS", payload: { urlsToCache: [...new Set(urls)] } }, [channel.port2]);
  });
}
