import Link from "next/link";
import { signOutAction } from "@/app/login/actions";
import type { StaffUser } from "@/app/current-user";
import { NavLinks } from "@/app/ui/nav-links";

/** A link, or a group of links (`href` is the group's first page) shown as a second row when you are in it. */
export type NavItem = { href: string; label: string; children?: NavItem[] };

/** The frame of signed-in pages: top bar with navigation, the user and sign-out. */
export function AppShell({ user, nav, children }: { user: StaffUser; nav: NavItem[]; children: React.ReactNode }) {
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href="/" className="text-lg font-semibold text-brand-700">
            Rollcall
          </Link>
          <div className="order-last flex w-full flex-wrap md:order-none md:w-auto md:flex-1">
            <NavLinks nav={nav} />
          </div>
          <div className="ml-auto flex items-center gap-3 text-sm">
            <span className="text-slate-700">
              {user.name} <span className="text-slate-500">({user.role === "ADMIN" ? "admin" : "teacher"})</span>
            </span>
            <form action={signOutAction}>
              <button type="submit" className="min-h-11 rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-100">
                Sign out
              </button>
            </form>
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-6">
        {children}
      </main>
    </div>
  );
}
