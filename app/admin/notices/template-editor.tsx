"use client";
// The school's wording for notices, with a preview as a family would read it (rendered by the
// same code the sender uses, on made-up names).
import { startTransition, useActionState, useState } from "react";
import { noticeTemplateAction } from "@/app/admin/notices/actions";
import { buttonClass, Feedback, inputClass, secondaryButtonClass } from "@/app/ui/table";
import { DEFAULT_BODY, DEFAULT_SUBJECT, PLACEHOLDERS, renderNotice } from "@/lib/notices/template";
import { clockMinute } from "@/lib/dates";

const SAMPLE = {
  guardian: "Alex Example",
  student: "Sam Example",
  date: "Monday, 30 November 2026",
  optOutUrl: "https://rollcall.example/notices/opt-out?token=…",
};

// Made-up classes at 08:00 and 09:00, written as the school writes times (as the sender does).
const sampleSessions = (hour12: boolean) =>
  [
    { sessionId: "a", classCode: "MATH-7B", classTitle: "Mathematics", minute: 8 * 60 },
    { sessionId: "b", classCode: "SCI-7B", classTitle: "Science", minute: 9 * 60 },
  ].map(({ minute, ...s }) => ({ ...s, time: clockMinute(minute, hour12), status: "Unexcused absence" }));

export function TemplateEditor({
  subject: savedSubject,
  body: savedBody,
  school,
  hour12,
}: {
  subject: string;
  body: string;
  school: string;
  hour12: boolean;
}) {
  const [subject, setSubject] = useState(savedSubject);
  const [body, setBody] = useState(savedBody);
  const [state, action, pending] = useActionState(noticeTemplateAction, null);
  const preview = renderNotice({ subject, body }, { ...SAMPLE, sessions: sampleSessions(hour12), school });
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const submit = (reset: boolean) => {
    const form = new FormData();
    form.set("subject", subject);
    form.set("body", body);
    if (reset) form.set("reset", "true");
    startTransition(() => action(form));
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit(false);
      }}
      aria-busy={pending}
      className="grid gap-4 lg:grid-cols-2"
    >
      <div>
        <label htmlFor="notice-subject" className="block text-sm font-medium">
          Subject
        </label>
        <input
          id="notice-subject"
          value={subject}
          onChange={(e) => setSubject(e.target.value)}
          aria-invalid={Boolean(errors.subject)}
          aria-describedby={errors.subject ? "notice-subject-error" : "notice-placeholders"}
          className={inputClass}
        />
        {errors.subject && (
          <p id="notice-subject-error" className="mt-1 text-sm text-red-800">
            {errors.subject.join(" ")}
          </p>
        )}
        <label htmlFor="notice-body" className="mt-3 block text-sm font-medium">
          Message
        </label>
        <textarea
          id="notice-body"
          value={body}
          onChange={(e) => setBody(e.target.value)}
          rows={12}
          aria-invalid={Boolean(errors.body)}
          aria-describedby={errors.body ? "notice-body-error" : "notice-placeholders"}
          className={`${inputClass} font-mono`}
        />
        {errors.body && (
          <p id="notice-body-error" className="mt-1 text-sm text-red-800">
            {errors.body.join(" ")}
          </p>
        )}
        <p id="notice-placeholders" className="mt-1 text-sm text-slate-700">
          Placeholders: {PLACEHOLDERS.map((p) => `{{${p}}}`).join(", ")}. The message must contain {"{{classes}}"}. Every notice ends with a
          line on why it came and a link to stop them.
        </p>
        <div className="mt-3 flex flex-wrap gap-2">
          <button type="submit" disabled={pending} className={buttonClass}>
            Save wording
          </button>
          <button
            type="button"
            disabled={pending}
            onClick={() => {
              setSubject(DEFAULT_SUBJECT);
              setBody(DEFAULT_BODY);
              submit(true);
            }}
            className={secondaryButtonClass}
          >
            Back to the default wording
          </button>
        </div>
        <Feedback state={state} />
      </div>
      <div>
        <h3 className="text-sm font-medium">Preview (made-up names)</h3>
        <div data-testid="notice-preview" className="mt-1 rounded-md border border-slate-300 bg-slate-50 p-3 text-sm">
          <p>
            <span className="font-medium">Subject:</span> {preview.subject}
          </p>
          <pre className="mt-2 font-sans whitespace-pre-wrap break-words">{preview.text}</pre>
        </div>
      </div>
    </form>
  );
}
