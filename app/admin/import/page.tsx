import type { Metadata } from "next";
import { RosterImport } from "@/app/admin/import/roster-import";
import { requireRole } from "@/app/current-user";

export const metadata: Metadata = { title: "Import roster" };

export default async function ImportPage() {
  await requireRole("ADMIN");
  return (
    <>
      <h1 className="text-2xl font-semibold">Import roster</h1>
      <p className="mt-1 max-w-2xl text-slate-700">
        Upload the OneRoster 1.1 CSV export of your school information system. You see every change first; applying imports all of it or
        nothing. Importing the same export again changes nothing. From the command line:{" "}
        <code>npm run cli -- import-roster &lt;folder|zip&gt;</code>.
      </p>
      <RosterImport />
    </>
  );
}
