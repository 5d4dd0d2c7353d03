import { AppShell } from "@/app/ui/app-shell";
import { requireRole } from "@/app/current-user";

export default async function TeacherLayout({ children }: { children: React.ReactNode }) {
  const user = await requireRole("TEACHER", "ADMIN");
  const nav = [
    { href: "/teacher", label: "My classes" },
    { href: "/reports", label: "Reports" },
    ...(user.role === "ADMIN" ? [{ href: "/admin", label: "Admin" }] : []),
  ];
  return (
    <AppShell user={user} nav={nav}>
      {children}
    </AppShell>
  );
}
