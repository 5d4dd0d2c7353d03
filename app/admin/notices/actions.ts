"use server";
// The Notices page: settings, wording, and "send again" (all audited in lib/notices).
import { db } from "@/lib/db";
import { adminAction, onRecord } from "@/app/server-action";
import { now } from "@/lib/clock";
import { resendNotice } from "@/lib/notices/outbox";
import { updateNoticeSettings, updateNoticeTemplate } from "@/lib/notices/settings";
import { notFound } from "@/lib/result";

const NOTICES = { revalidate: "/admin/notices" };

export const noticeSettingsAction = adminAction(
  (form, { actor }) =>
    updateNoticeSettings(
      db,
      {
        enabled: form.get("enabled") === "on",
        sendTime: form.get("sendTime") ?? undefined,
        delayMinutes: form.get("delayMinutes"),
        excused: form.get("excused") === "on",
        tardy: form.get("tardy") === "on",
        corrections: form.get("corrections") === "on",
      },
      actor,
    ),
  NOTICES,
);

export const noticeTemplateAction = adminAction(
  (form, { actor }) =>
    updateNoticeTemplate(db, { subject: form.get("subject"), body: form.get("body") }, actor, form.get("reset") === "true"),
  NOTICES,
);

export const resendNoticeAction = adminAction(
  onRecord("noticeId", async (id, _form, { actor }) => {
    const r = await resendNotice(db, id, actor, now());
    if (r === "queued") return { ok: true, message: "Queued again: it goes out within a minute." };
    if (typeof r === "object") return { ok: false, message: `Nothing to send: ${r.nothing}` };
    return (await db.notice.count({ where: { id } }))
      ? { ok: false, message: "That notice is waiting or being sent already." }
      : notFound("notice");
  }),
  NOTICES,
);
