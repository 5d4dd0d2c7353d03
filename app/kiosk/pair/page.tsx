import type { Metadata } from "next";
import { PairForm } from "@/app/kiosk/pair-form";

export const metadata: Metadata = { title: "Pair this screen" };

/** Opened from the admin's pairing link; pairing needs the button (a link preview must not pair). */
export default async function PairPage({ searchParams }: { searchParams: Promise<{ code?: string }> }) {
  const { code } = await searchParams;
  return (
    <main id="main" className="flex min-h-screen items-center justify-center bg-slate-900 p-6 text-white">
      <div className="w-full max-w-md rounded-xl bg-white p-8 text-slate-900">
        <h1 className="text-2xl font-semibold">Pair this screen as a Rollcall kiosk</h1>
        <p className="mt-2 text-slate-700">Enter the code an admin created for this classroom. The code works once.</p>
        <PairForm code={code?.slice(0, 40)} />
      </div>
    </main>
  );
}
