// send-notices [--dry-run] [--date YYYY-MM-DD]: queue the day's guardian notices and send the due
// ones now (the server does the same every minute; this is for cron, catch-up and checking).
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { CliError, parse } from "@/cli/args";
import { now } from "@/lib/clock";
import { localDate } from "@/lib/dates";
import { schoolSettings } from "@/lib/settings";
import { rosterDateSchema } from "@/lib/validations/roster";
import { createMailer, mailConfig } from "@/lib/mail";
import { dueNoticesWhere, planNotices, queueNotices, sendDueNotices } from "@/lib/notices/outbox";
import type { ReportedSession } from "@/lib/notices/template";
import { count } from "@/lib/text";
import { personName, studentName } from "@/lib/names";

export const sendNoticesHelp =
  "send-notices [--dry-run] [--date YYYY-MM-DD]   queue the day's guardian absence notices and send those due (default: today)";

const USAGE = `Usage: npm run cli -- ${sendNoticesHelp.split("   ")[0]}`;

const sessionsText = (sessions: ReportedSession[]) => sessions.map((s) => `${s.time} ${s.classCode} ${s.status}`).join("; ");

export async function sendNoticesCommand(db: PrismaClient, argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { "dry-run": { type: "boolean" }, date: { type: "string" } });
  if (positionals.length) throw new CliError(`Unexpected argument "${positionals[0]}".\n${USAGE}`);
  if (values.date !== undefined && !rosterDateSchema.safeParse(values.date).success)
    throw new CliError(`--date must be a date as YYYY-MM-DD (got "${values.date}").\n${USAGE}`);
  const at = now();
  const settings = await schoolSettings(db);
  const today = localDate(at, settings.timeZone);
  const date = values.date ?? today;
  if (date > today) throw new CliError(`--date ${date} is in the future: notices are about days that have happened.`, 1);
  if (!settings.notices.enabled) console.error("Guardian notices are turned off (admin page Notices): nothing is queued or sent.");

  const names = async (ids: { guardianId: string; studentId: string }[]) => {
    const [guardians, students] = await Promise.all([
      db.guardian.findMany({ where: { id: { in: ids.map((i) => i.guardianId) } } }),
      db.student.findMany({ where: { id: { in: ids.map((i) => i.studentId) } } }),
    ]);
    return (g: string, s: string) => {
      const guardian = guardians.find((x) => x.id === g);
      const student = students.find((x) => x.id === s);
      return `${guardian ? `${personName(guardian)} <${guardian.email}>` : g} about ${student ? studentName(student) : s}`;
    };
  };

  const config = mailConfig();
  if (values["dry-run"]) {
    const plan = await planNotices(db, date, at);
    const label = await names(plan.add);
    for (const p of plan.add)
      console.log(
        `would queue  ${p.kind === "CORRECTION" ? "correction " : ""}${label(p.guardianId, p.studentId)}: ${sessionsText(p.sessions)}`,
      );
    const due = await db.notice.count({ where: dueNoticesWhere(at) });
    if (!config.ok) console.error(`${config.message} Nothing would be sent.`);
    console.log(
      `Dry run for ${date}: ${count(plan.add.length, "notice")} would be queued, ${count(due, "queued notice")} due now. Nothing was written or sent.`,
    );
    return;
  }

  const { queued } = await queueNotices(db, at, date, { dueNow: date < today });
  const mailer = createMailer(config);
  if (!mailer)
    console.error(`${config.ok ? "" : config.message} Notices stay in the outbox, listed on the admin page Notices as not sent.`);
  try {
    const result = await sendDueNotices(db, mailer, config.ok ? config.from : null, at, { instance: "cli" });
    const notices = await db.notice.findMany({ where: { id: { in: result.outcomes.map((o) => o.id) } } });
    const label = await names(notices);
    for (const o of result.outcomes) {
      const n = notices.find((x) => x.id === o.id)!;
      const word = { SENT: "sent", FAILED: "failed", RETRY: "will retry", CANCELLED: "cancelled" }[o.status];
      console.log(
        `${word.padEnd(11)}${n.kind === "CORRECTION" ? "correction " : ""}${label(n.guardianId, n.studentId)} (${n.date})${o.reason ? `: ${o.reason}` : ""}`,
      );
    }
    const waiting = await db.notice.count({ where: { status: { in: ["PENDING", "SENDING"] } } });
    console.log(
      `Notices for ${date}: ${queued} queued; ${result.sent} sent, ${result.failed} failed, ${result.retrying} to retry, ${result.cancelled} cancelled; ${waiting} waiting in the outbox.`,
    );
  } finally {
    mailer?.close();
  }
}
