import type { Metadata } from "next";
import { FaceCheck } from "@/app/admin/face-check/face-check";
import { requireRole } from "@/app/current-user";

export const metadata: Metadata = { title: "Check a photo" };

export default async function FaceCheckPage() {
  await requireRole("ADMIN");
  return (
    <>
      <h1 className="text-2xl font-semibold">Check a photo</h1>
      <p className="mt-1 max-w-2xl text-slate-700">
        Try a photo against the enrollment rules before you use it. The photo is checked in this browser and is not uploaded.
      </p>
      <FaceCheck />
    </>
  );
}
