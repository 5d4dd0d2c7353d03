import type { Metadata } from "next";
import { SetPasswordPage } from "@/app/invite/set-password-page";

export const metadata: Metadata = { title: "Set a new password" };

/** Opened from the reset link emailed from the forgot-password page: the invite's form, worded for a reset. */
export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  return <SetPasswordPage token={(await searchParams).token} expected="reset" />;
}
