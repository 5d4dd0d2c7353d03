// The kiosk's service worker (bundled by scripts/build-service-worker.ts, served at /kiosk-sw.js,
// registered by the kiosk page with scope /kiosk): a kiosk reloaded while the server cannot be
// reached still starts, recognises and keeps check-ins in its outbox. It caches only what the
// kiosk page needs: the page itself (network first), Next's hashed static files, the face
// models and tfjs's wasm (cache first). Staff pages are outside its scope and never cached;
// the kiosk API is never cached.
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
