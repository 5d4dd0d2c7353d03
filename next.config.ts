import type { NextConfig } from "next";
import { SECURITY_HEADERS } from "./lib/security-headers";

const nextConfig: NextConfig = {
  // Native and wasm modules stay outside the server bundle and load from node_modules.
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2", "sharp", "@vladmandic/face-api", "@tensorflow/tfjs-backend-wasm"],
  // forbidden() renders app/forbidden.tsx with status 403 for a role that may not enter.
  experimental: {
    authInterrupts: true,
    // Enrollment photos (up to 10 MB, checked again in lib/photos.ts) go through server actions.
    serverActions: { bodySizeLimit: "12mb" },
  },
  poweredByHeader: false,
  async headers() {
    return [{ source: "/:path*", headers: SECURITY_HEADERS }];
  },
};

export default nextConfig;
