import { AppShell, type NavItem } from "@/app/ui/app-shell";
import { requireRole } from "@/app/current-user";

const NAV: NavItem[] = [
  { href: "/admin", label: "Today" },
  {
    href: "/admin/students",
    label: "People",
    children: [
      { href: "/admin/students", label: "Students" },
      { href: "/admin/teachers", label: "Teachers" },
      { href: "/admin/consent", label: "Consent" },
      { href: "/admin/import", label: "Import roster" },
    ],
  },
  {
    href: "/admin/classes",
    label: "Classes and kiosks",
    children: [
      { href: "/admin/classes", label: "Classes" },
      { href: "/admin/kiosks", label: "Kiosks" },
    ],
  },
  {
    href: "/admin/photos",
    label: "Faces",
    children: [
      { href: "/admin/photos", label: "Bulk photos" },
      { href: "/admin/face-check", label: "Check a photo" },
      { href: "/admin/recognition", label: "Recognition health" },
      { href: "/admin/matching", label: "Matching" },
    ],
  },
  { href: "/admin/notices", label: "Notices" },
  { href: "/admin/settings", label: "School" },
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
