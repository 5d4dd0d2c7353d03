import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PhotoEnrollment } from "@/app/admin/students/[id]/photo-enrollment";
import { DeletePhotoButton } from "@/app/admin/students/[id]/delete-photo";
import { setPinAction } from "@/app/admin/students/actions";
import { ArchiveForm, ConsentForm, EditStudentForm } from "@/app/admin/students/student-forms";
import { ActionForm } from "@/app/ui/action-form";
import { inputClass, secondaryButtonClass } from "@/app/ui/table";
import { db } from "@/lib/db";
import { getStudent } from "@/lib/data/students";
import { requireRole } from "@/app/current-user";
import { now } from "@/lib/clock";
import { localDate } from "@/lib/dates";
import { isSmallFace } from "@/lib/face/quality";
import { photoCutoff } from "@/lib/matching/photo-health";
import { requestSettings } from "@/app/request-settings";
import { studentName } from "@/lib/names";
import { GuardiansSection } from "@/app/admin/students/[id]/guardians";
import { consentHistory } from "@/lib/consent/reads";
import { localDateTime } from "@/lib/dates";
import { count } from "@/lib/text";

export const metadata: Metadata = { title: "Student" };

const CONSENT_TEXT = { NONE: "No consent recorded", GRANTED: "Consent granted", WITHDRAWN: "Consent withdrawn" } as const;
const VIA_TEXT = { form: "student page", csv: "CSV file", cli: "command line", "class list": "class list" } as const;

export default async function StudentPage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole("ADMIN");
  const { id } = await params;
  const [student, settings, history] = await Promise.all([getStudent(db, id), requestSettings(db), consentHistory(db, id)]);
  if (!student) notFound();
  const name = studentName(student);
  return (
    <>
      <p className="text-sm">
        <Link href="/admin/students" className="underline">
          Students
        </Link>{" "}
        /
      </p>
      <h1 className="mt-1 text-2xl font-semibold">
        {name}{" "}
        <span className="text-base font-normal text-slate-600">
          {student.identifier}
          {student.status === "ARCHIVED" ? " · archived" : ""}
        </span>
      </h1>

      <section aria-labelledby="consent-h" className="mt-6 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="consent-h" className="text-lg font-semibold">
          Consent to face recognition
        </h2>
        <p data-testid="consent-status" className="mt-1 text-slate-800">
          {CONSENT_TEXT[student.consentStatus]}
          {student.consentAt && ` on ${student.consentAt.toISOString().slice(0, 10)}`}
          {student.consentRecordedBy && ` by ${student.consentRecordedBy.name}`}.
        </p>
        <div className="mt-3">
          <ConsentForm identifier={student.identifier} current={student.consentStatus} />
        </div>
        <h3 className="mt-4 font-semibold">Consent history</h3>
        {history.length === 0 ? (
          <p className="mt-1 text-sm text-slate-700">No consent change recorded yet.</p>
        ) : (
          <ol className="mt-1 space-y-1 text-sm" data-testid="consent-history">
            {history.map((h, i) => (
              <li key={i} className="break-words">
                <time dateTime={h.at.toISOString()}>{localDateTime(h.at, settings.clock)}</time>:{" "}
                {h.from && h.to && h.from !== h.to ? `${h.from.toLowerCase()} → ${h.to.toLowerCase()}` : `${h.to?.toLowerCase()} again`}
                {h.photosDeleted + h.templatesDeleted > 0 &&
                  ` (deleted ${count(h.photosDeleted, "photo")}, ${count(h.templatesDeleted, "template")})`}
                , by {h.by}, {h.via ? `via ${VIA_TEXT[h.via]}` : "way not recorded"}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="photos-h" className="mt-6 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="photos-h" className="text-lg font-semibold">
          Enrolled photos ({student.photos.length})
        </h2>
        {student.photos.length === 0 ? (
          <p className="mt-2 text-slate-700">No photos yet: this student cannot check in by face.</p>
        ) : (
          <ul className="mt-3 flex flex-wrap gap-4">
            {student.photos.map((p, i) => (
              <li key={p.id} className="w-36">
                {/* eslint-disable-next-line @next/next/no-img-element */}
                <img
                  src={`/admin/students/${student.id}/photos/${p.id}`}
                  alt={`Enrolled photo ${i + 1} of ${name}`}
                  className="h-36 w-36 rounded object-cover"
                />
                <p className="mt-1 text-xs text-slate-600">
                  {p.templates[0]?.faceSize ? `face ${p.templates[0].faceSize} pixels wide` : "no face template"}, taken{" "}
                  {localDate(p.templates[0]?.photoTakenAt ?? p.createdAt, settings.timeZone)}
                </p>
                {isSmallFace(p.templates[0]?.faceSize) && <p className="text-xs text-amber-900">Small photo: a closer one would help.</p>}
                {(p.templates[0]?.photoTakenAt ?? p.createdAt) < photoCutoff(settings, now()) && (
                  <p className="text-xs text-amber-900">Older than {settings.reenrollMonths} months: needs a new photo.</p>
                )}
                <DeletePhotoButton photoId={p.id} label={`Delete photo ${i + 1}`} />
              </li>
            ))}
          </ul>
        )}
        <div className="mt-4">
          {student.consentStatus === "GRANTED" && student.status === "ACTIVE" ? (
            <PhotoEnrollment studentId={student.id} studentName={name} />
          ) : (
            <p role="note" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
              Photos can be added only for active students with consent granted.
            </p>
          )}
        </div>
      </section>

      <section aria-labelledby="pin-h" className="mt-6 max-w-xl rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="pin-h" className="text-lg font-semibold">
          Check-in PIN
        </h2>
        <p className="mt-1 text-sm text-slate-700">
          {student.pinHash ? "A PIN is set." : "No PIN set."} With a PIN, the student can check in at the kiosk without a face (their
          student number is {student.identifier}).
        </p>
        <ActionForm action={setPinAction} className="mt-3 flex flex-wrap items-end gap-2">
          <input type="hidden" name="id" value={student.id} />
          <div>
            <label htmlFor="pin" className="block text-sm font-medium">
              New PIN (4–8 digits)
            </label>
            {/* The title completes the browser's own "match the requested format" message. */}
            <input
              id="pin"
              name="pin"
              inputMode="numeric"
              pattern="\d{4,8}"
              title="A PIN is 4 to 8 digits, e.g. 4821."
              autoComplete="off"
              required
              className={inputClass}
            />
          </div>
          <button type="submit" className={secondaryButtonClass}>
            Set PIN
          </button>
        </ActionForm>
        {student.pinHash && (
          <ActionForm action={setPinAction} className="mt-2">
            <input type="hidden" name="id" value={student.id} />
            <input type="hidden" name="remove" value="true" />
            <button type="submit" className="text-sm text-red-800 underline">
              Remove PIN
            </button>
          </ActionForm>
        )}
      </section>

      <section aria-labelledby="classes-h" className="mt-6 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="classes-h" className="text-lg font-semibold">
          Classes
        </h2>
        {student.enrollments.length === 0 ? (
          <p className="mt-2 text-slate-700">Not enrolled in any class.</p>
        ) : (
          <ul className="mt-2 list-disc pl-5">
            {student.enrollments.map((e) => (
              <li key={e.id}>
                <Link href={`/admin/classes/${e.class.id}`} className="underline">
                  {e.class.code}
                </Link>{" "}
                {e.class.title}
                {(e.beginDate || e.endDate) && (
                  <span className="text-slate-600">
                    {" "}
                    ({e.beginDate ?? "…"} to {e.endDate ?? "…"})
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <GuardiansSection student={student} clock={settings.clock} />

      <section aria-labelledby="details-h" className="mt-6 max-w-xl rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="details-h" className="text-lg font-semibold">
          Details
        </h2>
        <div className="mt-3">
          <EditStudentForm id={student.id} values={student} />
        </div>
        <div className="mt-4 border-t border-slate-200 pt-4">
          <ArchiveForm id={student.id} archived={student.status === "ARCHIVED"} />
        </div>
      </section>
    </>
  );
}
