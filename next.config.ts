import type { NextConfig } from "next";
import { SECURITY_HEADERS } from "./lib/security-headers";
import { MAX_REQUEST_BYTES } from "./lib/limits";

const nextConfig: NextConfig = {
  // Native and wasm modules stay outside the server bundle and load from node_modules.
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2", "sharp", "@vladmandic/face-api", "@tensorflow/tfjs-backend-wasm"],
  // forbidden() renders app/forbidden.tsx with status 403 for a role that may not enter.
  experimental: {
    authInterrupts: true,
    // One body limit (lib/limits.ts) for the proxy's buffer and server actions: enrollment
    // photos (checked again in lib/photos/index.ts) go through server actions, past the proxy.
    serverActions: { bodySizeLimit: MAX_REQUEST_BYTES },
    proxyClientMaxBodySize: MAX_REQUEST_BYTES,
  },
  poweredByHeader: false,
  async headers() {
    return [{ source: "/:path*", headers: SECURITY_HEADERS }];
  },
};

export default nextConfig;
