import type { Metadata } from "next";
import { BulkPhotos } from "@/app/admin/photos/bulk-photos";
import { requireRole } from "@/app/current-user";

export const metadata: Metadata = { title: "Bulk photos" };

export default async function BulkPhotosPage() {
  await requireRole("ADMIN");
  return (
    <>
      <h1 className="text-2xl font-semibold">Bulk photos</h1>
      <p className="mt-1 max-w-2xl text-slate-700">
        Enroll many photos at once. Each is checked in this browser; photos of students without consent are not processed. From the command
        line: <code>npm run cli -- import-photos &lt;folder|zip&gt;</code>.
      </p>
      <BulkPhotos />
    </>
  );
}
