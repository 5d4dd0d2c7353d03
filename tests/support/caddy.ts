// The real Caddy with the shipped deploy/Caddyfile (HTTPS from its internal CA) in front of one
// or several app instances, on spare ports and its own folder: for the deployment tests.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export type RunningCaddy = {
  child: ChildProcess;
  /** Base64 SHA-256 of the internal CA's intermediate key: Chromium's --ignore-certificate-errors-spki-list. */
  spkiHash: string;
  stop(): void;
};

async function until(check: () => boolean | Promise<boolean>, what: string, child: ChildProcess, ms = 60_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Caddy exited with ${child.exitCode} while waiting for ${what}`);
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`Caddy: no ${what} after ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function startCaddy(options: {
  host: string;
  httpPort: number;
  httpsPort: number;
  /** "127.0.0.1:3000 127.0.0.1:3001": several are load-balanced. */
  upstreams: string;
  home: string;
  log: string;
}): Promise<RunningCaddy> {
  fs.rmSync(options.home, { recursive: true, force: true });
  fs.mkdirSync(options.home, { recursive: true });
  const child = spawn("caddy", ["run", "--config", "deploy/Caddyfile", "--adapter", "caddyfile"], {
    env: {
      ...process.env,
      ROLLCALL_HOST: options.host,
      ROLLCALL_HTTP_PORT: String(options.httpPort),
      ROLLCALL_HTTPS_PORT: String(options.httpsPort),
      ROLLCALL_UPSTREAMS: options.upstreams,
      ROLLCALL_CADDY_ADMIN: "off",
      HOME: options.home,
      XDG_DATA_HOME: path.join(options.home, "data"),
      XDG_CONFIG_HOME: path.join(options.home, "config"),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log = fs.createWriteStream(options.log);
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const answers = async () => {
    try {
      await fetch(`http://127.0.0.1:${options.httpPort}/`, { redirect: "manual" });
      return true;
    } catch {
      return false;
    }
  };
  await until(answers, "answer on its HTTP port", child);
  // Caddy writes its CA when it issues the first certificate; wait for the intermediate.
  const intermediate = path.join(options.home, "data/caddy/pki/authorities/local/intermediate.crt");
  await until(() => fs.existsSync(intermediate), "internal CA", child, 30_000);
  const der = new crypto.X509Certificate(fs.readFileSync(intermediate)).publicKey.export({ type: "spki", format: "der" });
  return {
    child,
    spkiHash: crypto.createHash("sha256").update(der).digest("base64"),
    stop: () => void child.kill("SIGTERM"),
  };
}
