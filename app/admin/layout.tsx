import { AppShell } from "@/app/ui/app-shell";
import { requireRole } from "@/lib/auth/current-user";

const NAV = [
  { href: "/admin", label: "Dashboard" },
  { href: "/admin/students", label: "Students" },
  { href: "/admin/classes", label: "Classes" },
  { href: "/admin/teachers", label: "Teachers" },
  { href: "/admin/import", label: "Import roster" },
  { href: "/admin/consent", label: "Consent" },
  { href: "/admin/photos", label: "Bulk photos" },
  { href: "/admin/kiosks", label: "Kiosks" },
  { href: "/admin/notices", label: "Notices" },
  { href: "/admin/face-check", label: "Check a photo" },
  { href: "/admin/recognition", label: "Recognition health" },
  { href: "/admin/matching", label: "Matching" },
  { href: "/reports", label: "Reports" },
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
