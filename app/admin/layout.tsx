import { AppShell } from "@/app/ui/app-shell";
import { requireRole } from "@/lib/session";

const NAV = [
  { href: "/admin", label: "Dashboard" },
  { href: "/admin/face-check", label: "Check a photo" },
  { href: "/teacher", label: "Teacher view" },
];

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const user = await requireRole("ADMIN");
  return (
    <AppShell user={user} nav={NAV}>
      {children}
    </AppShell>
  );
}
