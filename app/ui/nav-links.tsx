"use client";
// The main navigation, grouped by task: the top row names the groups, and the group you are in
// shows its pages on a second row. The page you are on is marked (aria-current and an underline):
// the longest link that the current path starts with; its group is marked as the current group.
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { NavItem } from "@/app/ui/app-shell";

const linkClass =
  "inline-flex min-h-11 items-center text-slate-700 hover:text-brand-700 hover:underline aria-[current]:font-semibold aria-[current]:text-brand-700 aria-[current]:underline aria-[current]:decoration-2 aria-[current]:underline-offset-4";

const matches = (pathname: string, href: string) => pathname === href || pathname.startsWith(`${href}/`);

export function NavLinks({ nav }: { nav: NavItem[] }) {
  const pathname = usePathname();
  const all = nav.flatMap((item) => [item, ...(item.children ?? [])]);
  const current = all.filter((item) => matches(pathname, item.href)).sort((a, b) => b.href.length - a.href.length)[0]?.href;
  const group = nav.find((item) => item.href === current || item.children?.some((c) => c.href === current));
  return (
    <>
      <nav aria-label="Main" className="flex flex-1 flex-wrap gap-x-4 text-sm">
        {nav.map((item) => (
          <Link
            key={item.href}
            href={item.href}
            aria-current={item.href === current ? "page" : item === group ? "true" : undefined}
            className={linkClass}
          >
            {item.label}
          </Link>
        ))}
      </nav>
      {group?.children && (
        <nav aria-label={group.label} className="flex basis-full flex-wrap gap-x-4 border-t border-slate-100 text-sm">
          {group.children.map((item) => (
            <Link key={item.href} href={item.href} aria-current={item.href === current ? "page" : undefined} className={linkClass}>
              {item.label}
            </Link>
          ))}
        </nav>
      )}
    </>
  );
}
