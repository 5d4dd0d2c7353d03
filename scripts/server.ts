// The production server `npm start` runs: Next's request handler behind Node's own HTTP server.
// Every request is stamped with the address of the socket it came on (x-rollcall-peer, set here
// over whatever a client sent), and forwarded headers (X-Forwarded-For/-Proto/-Host, Forwarded)
// are dropped unless that socket is a trusted reverse proxy (ROLLCALL_TRUSTED_PROXIES): Next and
// Auth.js read them to decide the client's address, https (Secure cookies) and the host, and any
// client can write them. `next start` keeps a client's own headers and drops the socket address.
import http from "node:http";
import next from "next";
import { sanitiseForwarding, trustedProxies } from "../lib/client-address";
import { logEvent } from "../lib/log";
import { MAX_REQUEST_BYTES } from "../lib/limits";

const port = Number(process.env.PORT ?? 3000);
// HOST=127.0.0.1 when a reverse proxy on the same machine is the only way in (deploy/).
const host = process.env.HOST || undefined;
const trusted = trustedProxies(); // a malformed setting stops the start with its message
const app = next({ dev: false, port, hostname: host ?? "localhost" });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((req, res) => {
  // A body declared over the limit is refused before any of it is read, with words a person can act on.
  if (Number(req.headers["content-length"] ?? 0) > MAX_REQUEST_BYTES) {
    // The body is read and dropped (bounded by requestTimeout) so that a client still sending it
    // gets this answer instead of a broken pipe; then the connection closes.
    req.resume().once("end", () => {
      res.writeHead(413, { "Content-Type": "text/plain; charset=utf-8", Connection: "close" });
      res.end(`Too large: at most ${Math.floor(MAX_REQUEST_BYTES / 1024 / 1024)} MB in one request. Send fewer or smaller files.\n`);
    });
    return;
  }
  sanitiseForwarding(req.headers, req.socket.remoteAddress ?? "", trusted);
  handle(req, res).catch((error: unknown) => {
    logEvent("error", "request_failed", { method: req.method, path: req.url?.split("?")[0], error });
    if (!res.headersSent) res.writeHead(500).end();
  });
});
// A request that declares a body and never sends it (or trickles it) is cut off instead of held
// for Node's default 5 minutes: 60 s is room for the largest photo (12 MB) at 2 Mbit/s.
server.headersTimeout = 20_000;
server.requestTimeout = 60_000;
server.listen(port, host, () => console.log(`✓ Ready: Rollcall on http://${host ?? "localhost"}:${port}`));
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.close(() => process.exit(0)));
