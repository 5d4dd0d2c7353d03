// The mail server Rollcall sends through (guardian notices, staff invite links):
// ROLLCALL_SMTP_URL (smtp:// or smtps://, credentials in the URL) and ROLLCALL_MAIL_FROM, sent
// with nodemailer. Without both, notices wait in their outbox and invite links are only shown.
import nodemailer from "nodemailer";
import type SMTPPool from "nodemailer/lib/smtp-pool";
import { mailFromSchema, smtpUrlSchema } from "@/lib/validations/notices";

export type OutgoingMail = {
  from: { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Stable per notice, so a mail system can recognise a resend of the same notice. */
  messageId: string;
  headers: Record<string, string>;
};

/** What sends: nodemailer over SMTP in use and in tests (against a real SMTP server). */
export type Mailer = { send(mail: OutgoingMail): Promise<{ response: string }>; close(): void; describe: string };

/** Why a send failed, as the admin reads it, and whether the server refused for good (5xx). */
export type SendFailure = { reason: string; permanent: boolean };

export type MailConfig = { ok: true; url: string; from: string } | { ok: false; message: string };

/** The mail settings from the environment, checked; the URL as shown to admins has no password. */
export function mailConfig(env: Record<string, string | undefined> = process.env): MailConfig {
  if (!env.ROLLCALL_SMTP_URL) return { ok: false, message: "Mail is not configured (ROLLCALL_SMTP_URL is not set)." };
  const url = smtpUrlSchema.safeParse(env.ROLLCALL_SMTP_URL);
  if (!url.success) return { ok: false, message: url.error.issues[0].message };
  const from = mailFromSchema.safeParse(env.ROLLCALL_MAIL_FROM ?? "");
  if (!from.success)
    return { ok: false, message: env.ROLLCALL_MAIL_FROM ? from.error.issues[0].message : "ROLLCALL_MAIL_FROM is not set." };
  return { ok: true, url: url.data, from: from.data };
}

/** "smtp://mail.school.lan:587" without user or password, for pages and logs. */
export function describeSmtpUrl(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.hostname}${u.port ? `:${u.port}` : ""}`;
}

/** A mailer for the configured server, or null when mail is not configured. */
export function createMailer(config: MailConfig = mailConfig()): Mailer | null {
  if (!config.ok) return null;
  // Bounded waits: a send that hangs would hold its notice's claim (lib/notices/outbox.ts) past
  // CLAIM_STALE_MS and be taken over. One connection at a time, reused across a batch.
  const transport = nodemailer.createTransport({
    url: config.url,
    pool: true,
    maxConnections: 1,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 45_000,
  } as SMTPPool.Options);
  return {
    describe: describeSmtpUrl(config.url),
    async send(mail) {
      const info = await transport.sendMail(mail);
      return { response: String(info.response ?? "") };
    },
    close: () => transport.close(),
  };
}

/** The server's words for a failure ("550 5.1.1 No such user"), else the connection error. */
export function sendFailure(error: unknown): SendFailure {
  const e = error as { response?: string; responseCode?: number; code?: string; message?: string };
  const reason = (e.response || `${e.code ? `${e.code}: ` : ""}${e.message ?? String(error)}`).replace(/\s+/g, " ").trim().slice(0, 500);
  return { reason, permanent: typeof e.responseCode === "number" && e.responseCode >= 500 };
}
