"use server";

import { db } from "@/lib/db";
import { createUser, generatePassword, setPassword, setUserActive } from "@/lib/staff";
import { adminAction, onRecord } from "@/app/server-action";
import { notFound } from "@/lib/result";
import { linkQrCode } from "@/app/qr-code";
import { requestOrigin } from "@/app/request-origin";
import { now } from "@/lib/clock";
import { localDateTime } from "@/lib/dates";
import { schoolSettings } from "@/lib/settings";
import { createInvite, emailInvite, inviteLink } from "@/lib/staff/invites";

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
    notFound("account"),
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
      if (!created.ok) return created;
      const link = inviteLink(await requestOrigin(), created.token);
      const settings = await schoolSettings(db);
      const until = localDateTime(created.expiresAt, settings.clock);
      // Emailed only where the school has configured mail; otherwise the admin hands it on.
      const emailed = await emailInvite({ user: created.user, link, until }, settings.name);
      return {
        ok: true,
        message: `Invite link for ${created.user.name}: it works once, until ${until}.${emailed}`,
        data: { link, qr: await linkQrCode(link, 200) },
      };
    },
    notFound("account"),
  ),
  TEACHERS,
);
