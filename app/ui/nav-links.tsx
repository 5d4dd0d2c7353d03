"use client";
// The main navigation's links, with the page you are on marked (aria-current and a visible
// underline): the longest link that the current path starts with.
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { NavItem } from "@/app/ui/app-shell";

export function NavLinks({ nav }: { nav: NavItem[] }) {
  const pathname = usePathname();
  const current = nav
    .filter((item) => pathname === item.href || pathname.startsWith(`${item.href}/`))
    .sort((a, b) => b.href.length - a.href.length)[0]?.href;
  return (
    <nav aria-label="Main" className="flex flex-1 flex-wrap gap-x-4 gap-y-1 text-sm">
      {nav.map((item) => (
        <Link
          key={item.href}
          href={item.href}
          aria-current={item.href === current ? "page" : undefined}
          className="py-1 text-slate-700 hover:text-brand-700 hover:underline aria-[current=page]:font-semibold aria-[current=page]:text-brand-700 aria-[current=page]:underline aria-[current=page]:decoration-2 aria-[current=page]:underline-offset-4"
        >
          {item.label}
        </Link>
      ))}
    </nav>
  );
}
