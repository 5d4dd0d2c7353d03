"use server";

import { db } from "@/lib/db";
import { createUser, generatePassword, setPassword, setUserActive } from "@/lib/staff";
import { adminAction, onRecord } from "@/app/server-action";
import QRCode from "qrcode";
import { requestOrigin } from "@/app/request-origin";
import { now } from "@/lib/clock";
import { localDateTime } from "@/lib/dates";
import { createMailer, mailConfig, sendFailure } from "@/lib/mail";
import { schoolSettings } from "@/lib/settings";
import { createInvite, inviteLink } from "@/lib/staff/invites";

const TEACHERS = { revalidate: "/admin/teachers" };

export const createTeacherAction = adminAction(async (form, { actor }) => {
  const given = String(form.get("password") ?? "");
  const password = given || generatePassword();
  const user = await createUser(
    db,
    { email: String(form.get("email") ?? ""), name: String(form.get("name") ?? ""), role: "TEACHER", password },
    actor,
  );
  return {
    ok: true,
    message: given
      ? `Created ${user.email}.`
      : `Created ${user.email}. Their password is ${password}: give it to them now, it is not shown again.`,
  };
}, TEACHERS);

export const setPasswordAction = adminAction(async (form, { actor }) => {
  const given = String(form.get("password") ?? "");
  const password = given || generatePassword();
  const user = await setPassword(db, String(form.get("email") ?? ""), password, actor);
  return { ok: true, message: given ? `Password set for ${user.email}.` : `New password for ${user.email}: ${password} (shown once).` };
}, TEACHERS); // the row's "no password yet" goes at once

export const setActiveAction = adminAction(
  onRecord(
    "userId",
    async (userId, form, admin) => {
      if (userId === admin.id) return { ok: false, message: "You cannot deactivate your own account." };
      const user = await setUserActive(db, userId, form.get("active") === "true", admin.actor);
      return { ok: true, message: `${user.name} is ${user.active ? "active" : "deactivated: they can no longer sign in"}.` };
    },
    { ok: false, message: "No such account." },
  ),
  TEACHERS,
);

/** A new invite link, shown once: the link (to copy) and a QR code of it (a PNG data URL). */
export type Invite = { link: string; qr: string };

export const inviteAction = adminAction<Invite>(
  onRecord(
    "userId",
    async (userId, _form, { actor }) => {
      const at = now();
      const created = await createInvite(db, userId, actor, at);
      if (!created) return { ok: false, message: "That account is deactivated: reactivate it first." };
      const link = inviteLink(await requestOrigin(), created.token);
      const settings = await schoolSettings(db);
      const until = localDateTime(created.expiresAt, settings.timeZone);
      let emailed = "";
      // Emailed only where the school has configured mail; otherwise the admin hands it on.
      const config = mailConfig();
      const mailer = createMailer(config);
      if (mailer && config.ok) {
        try {
          const text = `Hello ${created.user.name},\n\nSet your Rollcall password for ${settings.name} with this link (it works once, until ${until}):\n\n${link}\n\nYou will then be signed in. If you did not expect this, ignore it.\n`;
          await mailer.send({
            from: { name: settings.name, address: config.from },
            to: created.user.email,
            subject: `Your Rollcall sign-in for ${settings.name}`,
            text,
            messageId: `<invite.${crypto.randomUUID()}@${config.from.split("@")[1]}>`,
            headers: {},
          });
          emailed = ` Emailed to ${created.user.email}.`;
        } catch (error) {
          emailed = ` It could not be emailed (${sendFailure(error).reason}): hand it on yourself.`;
        } finally {
          mailer.close();
        }
      }
      return {
        ok: true,
        message: `Invite link for ${created.user.name}: it works once, until ${until}.${emailed}`,
        data: { link, qr: await QRCode.toDataURL(link, { margin: 2, width: 200, errorCorrectionLevel: "M" }) },
      };
    },
    { ok: false, message: "No such account." },
  ),
  TEACHERS,
);
