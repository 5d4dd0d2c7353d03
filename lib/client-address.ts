// Which address a request came from, and whether it came over https, behind a reverse proxy.
// scripts/server.ts stamps every request with its socket's address (x-rollcall-peer) and drops
// forwarded headers unless the socket is a trusted proxy (sanitiseForwarding): any client can
// write X-Forwarded-For or X-Forwarded-Proto. With ROLLCALL_TRUSTED_PROXIES (addresses or CIDRs,
// comma-separated; the school's reverse proxy), a request from a trusted proxy is attributed to
// the right-most hop of X-Forwarded-For that is not itself trusted: the one the proxy saw.
import { BlockList, isIP } from "node:net";

export const PEER_HEADER = "x-rollcall-peer";

/** Parses ROLLCALL_TRUSTED_PROXIES; throws with a clear message on an entry that is not an address or CIDR. */
export function trustedProxies(spec = process.env.ROLLCALL_TRUSTED_PROXIES ?? ""): BlockList {
  const list = new BlockList();
  for (const raw of spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [address, bits] = raw.split("/");
    const type = isIP(normalise(address)) === 6 ? "ipv6" : isIP(normalise(address)) === 4 ? "ipv4" : null;
    const prefix = bits === undefined ? null : Number(bits);
    if (!type || (prefix !== null && !(Number.isInteger(prefix) && prefix >= 0 && prefix <= (type === "ipv4" ? 32 : 128))))
      throw new Error(`ROLLCALL_TRUSTED_PROXIES: "${raw}" is not an IP address or CIDR (e.g. 10.0.0.5 or 10.0.0.0/24).`);
    if (prefix === null) list.addAddress(normalise(address), type);
    else list.addSubnet(normalise(address), prefix, type);
  }
  return list;
}

/** "::ffff:127.0.0.1" → "127.0.0.1"; brackets and ports from proxies' forms dropped. */
function normalise(address: string): string {
  let a = address.trim().replace(/^\[|\](:\d+)?$/g, "");
  if (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(a)) a = a.slice(7);
  if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(a)) a = a.replace(/:\d+$/, "");
  return a;
}

/** Headers a proxy sets about the original request; believed only from a trusted proxy. */
export const FORWARDED_HEADERS = [
  "forwarded",
  "x-forwarded-for",
  "x-forwarded-proto",
  "x-forwarded-host",
  "x-forwarded-port",
  "x-real-ip",
] as const;

/**
 * Stamps a Node request's headers with its socket's address and removes forwarded headers
 * unless that socket is a trusted proxy. Next (and Auth.js through it) then fill in the socket's
 * own address and protocol, so a client cannot choose its address, https or host name.
 */
export function sanitiseForwarding(
  headers: Record<string, string | string[] | undefined>,
  socketAddress: string,
  trusted: BlockList,
): void {
  const peer = normalise(socketAddress);
  headers[PEER_HEADER] = peer;
  if (peer && isTrusted(trusted, peer)) return;
  for (const name of FORWARDED_HEADERS) delete headers[name];
}

/** Whether the client reached us over https: only a trusted proxy's word counts (see sanitiseForwarding). */
export function isHttps(headers: Pick<Headers, "get">): boolean {
  return headers.get("x-forwarded-proto")?.split(",")[0].trim().toLowerCase() === "https";
}

function isTrusted(list: BlockList, address: string): boolean {
  const type = isIP(address);
  return type !== 0 && list.check(address, type === 6 ? "ipv6" : "ipv4");
}

let cached: { spec: string; list: BlockList } | null = null;
function configured(): BlockList {
  const spec = process.env.ROLLCALL_TRUSTED_PROXIES ?? "";
  if (!cached || cached.spec !== spec) cached = { spec, list: trustedProxies(spec) };
  return cached.list;
}

/** The client's address for per-address limits; "unknown" when the server did not stamp the socket (dev server). */
export function clientAddress(headers: Pick<Headers, "get">, trusted: BlockList = configured()): string {
  const peer = normalise(headers.get(PEER_HEADER) ?? "");
  if (!peer) return "unknown";
  if (!isTrusted(trusted, peer)) return peer;
  const hops = (headers.get("x-forwarded-for") ?? "").split(",").map(normalise).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!isIP(hops[i])) return peer; // a malformed hop: trust nothing beyond the proxy
    if (!isTrusted(trusted, hops[i])) return hops[i];
  }
  return hops[0] ?? peer;
}
