// The wording of a guardian notice: the school's template (subject and body with placeholders)
// rendered to plain text and HTML. Free of the database and of Node, so the settings page's
// preview and the sender render the same way. A notice never carries a photo or anything
// biometric: only names, the day, class codes and titles, times and statuses.

/** One reported session, as a notice stores it (Notice.absences) and shows it. */
export type ReportedSession = {
  sessionId: string;
  classCode: string;
  classTitle: string;
  /** Local "HH:MM" the session started. */
  time: string;
  /** The status's label, e.g. "Unexcused absence". */
  status: string;
  /** For a correction: the label it had when the notice went out. */
  was?: string;
};

export type NoticeValues = {
  guardian: string;
  student: string;
  /** "Monday, 30 November 2026". */
  date: string;
  school: string;
  sessions: ReportedSession[];
  /** The link that stops further notices to this guardian (no sign-in). */
  optOutUrl: string;
};

export const PLACEHOLDERS = ["guardian", "student", "date", "classes", "school"] as const;

export const DEFAULT_SUBJECT = "Attendance at {{school}}: {{student}}, {{date}}";
export const DEFAULT_BODY = `Dear {{guardian}},

{{student}} was not marked present in these classes on {{date}}:

{{classes}}

If you know the reason, please tell the school office. If you think this is a mistake, please contact the school.

{{school}}`;

/** `{{name}}` in a template. */
export const PLACEHOLDER = /\{\{\s*([a-zA-Z]+)\s*\}\}/g;

/** The wording as the school keeps it (checked by noticeTemplateSchema in lib/validations/notices.ts). */
export type NoticeTemplate = { subject: string; body: string };

const sessionLine = (s: ReportedSession) =>
  `${s.time} ${s.classCode} ${s.classTitle}: ${s.was ? `now ${s.status} (was ${s.was})` : s.status}`;

function fill(text: string, values: NoticeValues, classes: string, escape: (s: string) => string): string {
  const map: Record<string, string> = {
    guardian: escape(values.guardian),
    student: escape(values.student),
    date: escape(values.date),
    school: escape(values.school),
    classes,
  };
  return text.replace(PLACEHOLDER, (_, name: string) => map[name] ?? "");
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** The footer every notice ends with, whatever the template says: why it came, and the way out. */
const FOOTER = "You get these emails because the school lists you as a contact of {{student}}. To stop them, open this link:";

export type RenderedNotice = { subject: string; text: string; html: string };

/** Renders a template for one guardian and student: plain text and HTML, the same words. */
export function renderNotice(template: NoticeTemplate, values: NoticeValues): RenderedNotice {
  const plain = (s: string) => s;
  const subject = fill(template.subject, values, "", plain).replace(/\s+/g, " ").trim();
  const textClasses = values.sessions.map((s) => `- ${sessionLine(s)}`).join("\n");
  const text = `${fill(template.body, values, textClasses, plain)}\n\n--\n${fill(FOOTER, values, "", plain)}\n${values.optOutUrl}\n`;

  const htmlClasses = `<ul>${values.sessions.map((s) => `<li>${escapeHtml(sessionLine(s))}</li>`).join("")}</ul>`;
  // Paragraphs at blank lines, line breaks kept; the class list is a block of its own.
  const paragraphs = fill(template.body, values, "\u0000classes\u0000", escapeHtml)
    .split(/\n\s*\n/)
    .map((p) =>
      p
        .split("\u0000classes\u0000")
        .map((part) => (part.trim() ? `<p>${part.trim().replace(/\n/g, "<br>")}</p>` : ""))
        .join(htmlClasses),
    )
    .join("\n");
  const url = escapeHtml(values.optOutUrl);
  const html = `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">\n${paragraphs}\n<hr><p style="font-size:smaller">${fill(FOOTER, values, "", escapeHtml)} <a href="${url}">${url}</a></p></body></html>\n`;
  return { subject, text, html };
}

/** The email sent when a reported absence was changed after the notice went out (fixed wording). */
export function renderCorrection(values: NoticeValues): RenderedNotice {
  return renderNotice(
    {
      subject: "Correction: attendance at {{school}}: {{student}}, {{date}}",
      body: `Dear {{guardian}},

The school has corrected the attendance of {{student}} on {{date}} that we wrote to you about:

{{classes}}

{{school}}`,
    },
    values,
  );
}
