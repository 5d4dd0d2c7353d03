import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { LoginForm } from "@/app/login/login-form";
import { currentUser } from "@/app/current-user";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage() {
  if (await currentUser()) redirect("/");
  return (
    <main id="main" className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-2xl font-semibold">Rollcall</h1>
        <p className="mb-6 mt-1 text-sm text-slate-600">Staff sign-in</p>
        <LoginForm />
        <p className="mt-4 text-center text-sm">
          <Link href="/forgot-password" className="inline-flex min-h-11 items-center underline">
            Forgot your password?
          </Link>
        </p>
      </div>
    </main>
  );
}
