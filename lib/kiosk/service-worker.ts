// The kiosk's service worker (bundled by scripts/build-service-worker.ts, served at /kiosk-sw.js,
// registered only by the kiosk page): a kiosk reloaded while the server cannot be reached still
// starts, recognises and keeps check-ins in its outbox. It caches only what the kiosk page needs:
// the page itself (network first), Next's hashed static files, the face models and tfjs's wasm
// (cache first). Every other request (staff pages, the API, data) goes to the network untouched
// and is never cached. Its scope is "/" only because the recognition worker's script lives under
// /_next/static/ and a worker is controlled only by a scope that covers its own URL.
import { CacheFirst, ExpirationPlugin, NetworkFirst, Serwist } from "serwist";

const serwist = new Serwist({
  skipWaiting: true,
  clientsClaim: true,
  runtimeCaching: [
    {
      matcher: ({ url, sameOrigin }) => sameOrigin && url.pathname === "/kiosk",
      handler: new NetworkFirst({ cacheName: "rollcall-kiosk-page", networkTimeoutSeconds: 4 }),
    },
    {
      matcher: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith("/_next/static/"),
      handler: new CacheFirst({
        cacheName: "rollcall-kiosk-static",
        plugins: [new ExpirationPlugin({ maxEntries: 300, maxAgeSeconds: 30 * 24 * 3600 })],
      }),
    },
    {
      matcher: ({ url, sameOrigin }) => sameOrigin && (url.pathname.startsWith("/models/") || url.pathname.startsWith("/tfjs/")),
      handler: new CacheFirst({ cacheName: "rollcall-kiosk-models" }),
    },
  ],
});
// Install, activate, fetch, and "CACHE_URLS" messages (the page sends what it loaded before
// the worker controlled it, so the first visit is enough to start offline later).
serwist.addEventListeners();
