import Link from "next/link";

export default function Forbidden() {
  return (
    <main id="main" className="mx-auto max-w-lg p-8">
      <h1 className="text-2xl font-semibold">Not allowed</h1>
      <p className="mt-3 text-slate-700">
        Your account does not have access to this page. If you think it should, ask your school&apos;s Rollcall administrator.
      </p>
      <Link href="/" className="mt-6 inline-block font-medium text-brand-700 underline">
        Go to your start page
      </Link>
    </main>
  );
}
