import type { Metadata } from "next";
import { BulkConsent } from "@/app/admin/consent/bulk-consent";
import { db } from "@/lib/db";
import { requireRole } from "@/app/current-user";
import { consentCounts } from "@/lib/data/students";

export const metadata: Metadata = { title: "Consent" };

export default async function ConsentPage() {
  await requireRole("ADMIN");
  const counts = await consentCounts(db);
  return (
    <>
      <h1 className="text-2xl font-semibold">Consent</h1>
      <p className="mt-1 max-w-2xl text-slate-700">
        No photo of a student is processed or stored without consent. Withdrawing consent deletes the student&apos;s photos and face
        templates at once.
      </p>
      <p className="mt-3">
        Active students: {counts.GRANTED} granted, {counts.NONE} none recorded, {counts.WITHDRAWN} withdrawn.
      </p>
      <p className="mt-2">
        <a href="/admin/consent/export" className="font-medium text-brand-700 underline">
          Download the consent list (CSV)
        </a>
      </p>
      <section className="mt-6 max-w-2xl">
        <h2 className="text-lg font-semibold">Record consent from paper forms</h2>
        <BulkConsent />
      </section>
    </>
  );
}
