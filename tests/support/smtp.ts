// A real SMTP server for tests (smtp-server on 127.0.0.1) that keeps what it accepted, parsed
// with mailparser. A message counts as delivered only when the server said 250 to a client that
// was still there to hear it, as a real mail server's queue would have it.
import net from "node:net";
import { SMTPServer } from "smtp-server";
import { simpleParser, type ParsedMail } from "mailparser";

export type Delivered = ParsedMail & { envelopeTo: string[]; raw: string };

export type SmtpOptions = {
  /** An SMTP reply (e.g. "550 5.1.1 No such user") for recipients to refuse; null accepts. */
  refuse?: (address: string) => string | null;
  /** Milliseconds to wait before answering the end of a message's data (a slow server). */
  dataDelayMs?: (messageIndex: number) => number;
};

export type TestSmtp = {
  port: number;
  url: string;
  delivered: Delivered[];
  /** Messages whose data arrived, delivered or not. */
  received: number;
  /** Resolves when `n` messages have been delivered. */
  waitFor(n: number, timeoutMs?: number): Promise<void>;
  /** Resolves when the `n`th message's data has arrived (its answer may still be pending). */
  waitForData(n: number, timeoutMs?: number): Promise<void>;
  options: SmtpOptions;
  close(): Promise<void>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function until(check: () => boolean, timeoutMs: number, what: string) {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function startSmtp(options: SmtpOptions = {}, port?: number): Promise<TestSmtp> {
  const delivered: Delivered[] = [];
  const closed = new Set<string>();
  const state = { received: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      const refusal = t.options.refuse?.(address.address);
      if (refusal) {
        const err = new Error(refusal.replace(/^\d{3}\s*/, "")) as Error & { responseCode: number };
        err.responseCode = Number(refusal.slice(0, 3));
        return callback(err);
      }
      callback();
    },
    onClose(session) {
      closed.add(session.id);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const index = state.received++;
        const raw = Buffer.concat(chunks).toString("utf8");
        const delay = t.options.dataDelayMs?.(index) ?? 0;
        setTimeout(async () => {
          if (closed.has(session.id)) return callback(new Error("client gone")); // nobody heard a 250: not delivered
          const parsed = await simpleParser(raw);
          delivered.push(Object.assign(parsed, { envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw }));
          callback();
        }, delay);
      });
    },
  });
  const listenPort = port ?? (await freePort());
  await new Promise<void>((resolve) => server.listen(listenPort, "127.0.0.1", resolve));
  const t: TestSmtp = {
    port: listenPort,
    url: `smtp://127.0.0.1:${listenPort}`,
    delivered,
    get received() {
      return state.received;
    },
    options,
    waitFor: (n, timeoutMs = 15_000) => until(() => delivered.length >= n, timeoutMs, `${n} delivered messages`),
    waitForData: (n, timeoutMs = 15_000) => until(() => state.received >= n, timeoutMs, `${n} messages' data`),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return t;
}
