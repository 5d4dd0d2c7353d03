import type { Metadata } from "next";
import Link from "next/link";
import { db } from "@/lib/db";
import { adminDashboard } from "@/lib/data/dashboard";
import { requireRole } from "@/lib/auth/current-user";
import { pausedKiosks } from "@/lib/data/kiosks";

export const metadata: Metadata = { title: "Admin dashboard" };

function Stat({ label, value, hint }: { label: string; value: number; hint?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="mt-1 text-3xl font-semibold">{value}</dd>
      {hint && <dd className="mt-1 text-xs text-slate-600">{hint}</dd>}
    </div>
  );
}

export default async function AdminDashboardPage() {
  await requireRole("ADMIN");
  const [d, paused] = await Promise.all([adminDashboard(db), pausedKiosks(db)]);
  const empty = d.students === 0 && d.classes === 0;
  return (
    <>
      <h1 className="text-2xl font-semibold">Dashboard</h1>
      <p className="mt-1 text-slate-600">{d.schoolName}</p>
      {paused.length > 0 && (
        <section role="alert" className="mt-4 rounded-lg border border-red-300 bg-red-50 p-4 text-red-900" data-testid="probing-alarm">
          <h2 className="font-semibold">Face check-in paused on {paused.length === 1 ? "a kiosk" : `${paused.length} kiosks`}</h2>
          <ul className="mt-1 list-disc pl-5">
            {paused.map((k) => (
              <li key={k.id}>
                {k.name}: {k.recognitionPausedReason}
              </li>
            ))}
          </ul>
          <p className="mt-1">
            Someone may be trying made-up faces with that screen&apos;s pairing. Check the screen, then{" "}
            <Link className="underline" href="/admin/kiosks">
              resume or revoke it
            </Link>
            . PIN check-in still works there.
          </p>
        </section>
      )}
      <dl className="mt-6 grid grid-cols-2 gap-4 md:grid-cols-3">
        <Stat label="Active students" value={d.students} />
        <Stat label="Students with consent" value={d.withConsent} />
        <Stat label="Students with enrolled faces" value={d.studentsWithTemplates} />
        <Stat label="Classes" value={d.classes} />
        <Stat label="Teachers" value={d.teachers} />
        <Stat label="Kiosks" value={d.kiosks} />
      </dl>
      {empty && (
        <section className="mt-8 rounded-lg border border-brand-600/30 bg-brand-50 p-5">
          <h2 className="font-semibold">Getting started</h2>
          <ol className="mt-2 list-decimal space-y-1 pl-5 text-slate-800">
            <li>
              <Link className="underline" href="/admin/import">
                Import your roster
              </Link>{" "}
              (OneRoster CSV), or add{" "}
              <Link className="underline" href="/admin/classes">
                classes
              </Link>{" "}
              and{" "}
              <Link className="underline" href="/admin/students">
                students
              </Link>{" "}
              by hand.
            </li>
            <li>
              <Link className="underline" href="/admin/consent">
                Record consent
              </Link>{" "}
              for the students whose families agreed.
            </li>
            <li>
              <Link className="underline" href="/admin/photos">
                Enroll their photos
              </Link>
              , then{" "}
              <Link className="underline" href="/admin/kiosks">
                pair a kiosk
              </Link>{" "}
              in each classroom.
            </li>
          </ol>
          <p className="mt-3 text-sm text-slate-700">
            Staff accounts can also be created from the command line: <code>npm run cli -- create-user</code>.
          </p>
        </section>
      )}
    </>
  );
}
