import type { Metadata } from "next";
import { SetPasswordPage } from "@/app/invite/set-password-page";

export const metadata: Metadata = { title: "Set your password" };

/** Opened from an admin's invite link. */
export default async function InvitePage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  return <SetPasswordPage token={(await searchParams).token} expected="invite" />;
}
