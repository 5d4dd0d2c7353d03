"use server";
// "Forgot your password?": emails a one-time reset link (lib/staff/invites.ts) to the account with
// the typed email, if there is one. The answer and its timing are the same whether or not there
// is (no account enumeration): the mail goes out after the response, and every answer waits for
// the same minimum time.
import { headers } from "next/headers";
import { after } from "next/server";
import { RESET_NO_MAIL, RESET_SENT } from "@/app/forgot-password/messages";
import { openAction } from "@/app/server-action";
import { db } from "@/lib/db";
import { now } from "@/lib/clock";
import { baseUrl } from "@/lib/config";
import { clientAddress } from "@/lib/client-address";
import { localDateTime } from "@/lib/dates";
import { logEvent } from "@/lib/log";
import { mailConfig, sendFailure } from "@/lib/mail";
import { RateLimiter } from "@/lib/rate-limit";
import { CHECK_FIELDS } from "@/lib/result";
import { schoolSettings } from "@/lib/settings";
import { emailLink, inviteLink, requestPasswordReset } from "@/lib/staff/invites";
import { email as emailSchema } from "@/lib/validations/user";

// Per address (a school may share one): twenty, then one a minute. Per email: three, then one every 20 minutes, so that
// nobody can fill a colleague's mailbox (the same for unknown emails: no hint either way).
const byAddress = new RateLimiter("reset-ip", 20, 1 / 60);
const byEmail = new RateLimiter("reset-email", 3, 1 / 1200);

/** Every answer takes at least this long: a known email's writes must not be told apart from an unknown's lookup. */
const ANSWER_FLOOR_MS = 400;

export const requestResetAction = openAction(async (form) => {
  const started = performance.now();
  const config = mailConfig();
  if (!config.ok) return { ok: false, message: RESET_NO_MAIL };
  const parsed = emailSchema.safeParse(form.get("email"));
  if (!parsed.success) return { ok: false, message: CHECK_FIELDS, fieldErrors: { email: [parsed.error.issues[0].message] } };
  if (!(await byAddress.take(db, clientAddress(await headers()))) || !(await byEmail.take(db, parsed.data)))
    return { ok: false, message: "Too many requests for a link. Wait 20 minutes and try again, or ask your school's admin." };
  const at = now();
  const [result, settings] = await Promise.all([requestPasswordReset(db, parsed.data, at), schoolSettings(db)]);
  if (!result.ok) return result;
  const reset = result.reset;
  if (reset) {
    const mail = {
      user: reset.user,
      link: inviteLink(baseUrl(), reset.token, "reset"),
      until: localDateTime(reset.expiresAt, settings.clock),
    };
    // After the response: a slow mail server would otherwise tell that the email is known.
    after(() =>
      emailLink("reset", mail, settings.name, config).then(
        () => logEvent("info", "password-reset.sent"),
        (error) => logEvent("error", "password-reset.send-failed", { reason: sendFailure(error).reason }),
      ),
    );
  }
  const wait = ANSWER_FLOOR_MS - (performance.now() - started);
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  return { ok: true, message: RESET_SENT };
});
