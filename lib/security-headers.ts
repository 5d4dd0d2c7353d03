// Security headers. The content security policy allows only this origin's scripts (Next's,
// marked with a per-request nonce), WebAssembly compilation for the face models' wasm backend
// ('wasm-unsafe-eval', which allows compiling wasm but not JavaScript eval), the camera
// stream and photo previews (blob:), and no framing.

export function isStaffArea(pathname: string): boolean {
  return ["/admin", "/teacher", "/reports"].some((area) => pathname === area || pathname.startsWith(`${area}/`));
}

export function contentSecurityPolicy(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic': chunks loaded by Next's nonce'd scripts are trusted; dev mode needs eval for hot reload.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic' 'wasm-unsafe-eval'${dev ? " 'unsafe-eval'" : ""}`,
    // Inline style attributes (React style props, the chart library) need 'unsafe-inline' for styles.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Static headers for every response (next.config.ts). HSTS is ignored by browsers over plain HTTP. */
export const SECURITY_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  // The camera only for this origin (the kiosk); nothing else a school page needs.
  { key: "Permissions-Policy", value: "camera=(self), microphone=(), geolocation=(), payment=(), usb=()" },
  { key: "Strict-Transport-Security", value: "max-age=31536000" },
];
