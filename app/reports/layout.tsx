import { AppShell } from "@/app/ui/app-shell";
import { requireRole } from "@/app/current-user";

export default async function ReportsLayout({ children }: { children: React.ReactNode }) {
  const user = await requireRole("TEACHER", "ADMIN");
  const nav =
    user.role === "ADMIN"
      ? [
          { href: "/admin", label: "Admin" },
          { href: "/teacher", label: "Teacher view" },
          { href: "/reports", label: "Reports" },
        ]
      : [
          { href: "/teacher", label: "My classes" },
          { href: "/reports", label: "Reports" },
        ];
  return (
    <AppShell user={user} nav={nav}>
      {children}
    </AppShell>
  );
}
