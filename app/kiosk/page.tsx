import type { Metadata } from "next";
import { cookies } from "next/headers";
import { KioskScreen } from "@/app/kiosk/kiosk-screen";
import { PairForm } from "@/app/kiosk/pair-form";
import { db } from "@/lib/db";
import { KIOSK_COOKIE, kioskByToken } from "@/lib/kiosk/devices";

export const metadata: Metadata = { title: "Kiosk" };

export default async function KioskPage() {
  const kiosk = await kioskByToken(db, (await cookies()).get(KIOSK_COOKIE)?.value);
  if (!kiosk) {
    return (
      <main id="main" className="flex min-h-screen items-center justify-center bg-slate-900 p-6">
        <div className="w-full max-w-md rounded-xl bg-white p-8 text-slate-900">
          <h1 className="text-2xl font-semibold">This screen is not paired</h1>
          <p className="mt-2 text-slate-700">An admin creates a kiosk for this classroom in Rollcall and gives you a pairing code.</p>
          <PairForm />
        </div>
      </main>
    );
  }
  return <KioskScreen name={kiosk.name} />;
}
