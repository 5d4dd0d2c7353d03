// The production server `npm start` runs: Next's request handler behind Node's own HTTP server,
// so that every request carries the address of the socket it came on (x-rollcall-peer, set here
// and overwriting whatever a client sent). `next start` keeps a client's own X-Forwarded-For
// and drops the socket address, which let anyone choose the address the sign-in and pairing
// limits count (lib/client-address.ts decides which address to trust).
import http from "node:http";
import next from "next";

const port = Number(process.env.PORT ?? 3000);
const app = next({ dev: false, port, hostname: "localhost" });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((req, res) => {
  req.headers["x-rollcall-peer"] = req.socket.remoteAddress ?? "";
  handle(req, res);
});
server.listen(port, () => console.log(`✓ Ready: Rollcall on http://localhost:${port}`));
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.close(() => process.exit(0)));
