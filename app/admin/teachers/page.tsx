import type { Metadata } from "next";
import { createTeacherAction } from "@/app/admin/teachers/actions";
import { TeacherRowActions } from "@/app/admin/teachers/teacher-row-actions";
import { now } from "@/lib/clock";
import { ActionForm } from "@/app/ui/action-form";
import { EmptyState, TableScroll, buttonClass, inputClass, tableClass, Th } from "@/app/ui/table";
import { db } from "@/lib/db";
import { requireRole } from "@/app/current-user";
import { teacherList } from "@/lib/data/staff";
import { requestSettings } from "@/app/request-settings";
import { localDate, localDateTime } from "@/lib/dates";

export const metadata: Metadata = { title: "Teachers" };

export default async function TeachersPage() {
  await requireRole("ADMIN");
  const at = now();
  const [teachers, settings] = await Promise.all([teacherList(db, at), requestSettings(db)]);
  return (
    <>
      <h1 className="text-2xl font-semibold">Teachers</h1>
      {teachers.length === 0 ? (
        <EmptyState>No teachers yet. Import your roster, or add a teacher below.</EmptyState>
      ) : (
        <TableScroll>
          <table className={tableClass}>
            <thead className="bg-slate-100">
              <tr>
                <Th>Name</Th>
                <Th>Email</Th>
                <Th>Classes</Th>
                <Th>Sign-in</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <tbody>
              {teachers.map((t) => (
                <tr key={t.id} className={`border-t border-slate-200 ${t.active ? "" : "text-slate-500"}`}>
                  <td className="px-3 py-2 font-medium">{t.name}</td>
                  <td className="px-3 py-2">{t.email}</td>
                  <td className="px-3 py-2">{t.teaching.map((x) => x.class.code).join(", ") || "—"}</td>
                  <td className="px-3 py-2">
                    {!t.active ? (
                      "deactivated"
                    ) : t.passwordHash === "!" ? (
                      <span className="text-amber-900">
                        no password yet
                        {t.invites[0] && (
                          <span className="block text-slate-700">
                            invite link valid until {localDateTime(t.invites[0].expiresAt, settings.clock)}
                          </span>
                        )}
                      </span>
                    ) : t.lastLoginAt ? (
                      `last ${localDate(t.lastLoginAt, settings.timeZone)}`
                    ) : (
                      "never signed in"
                    )}
                  </td>
                  <td className="px-3 py-2">
                    <TeacherRowActions userId={t.id} email={t.email} name={t.name} active={t.active} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <div className="mt-8 grid gap-6 md:grid-cols-2">
        <section>
          <h2 className="text-lg font-semibold">Add a teacher</h2>
          <ActionForm action={createTeacherAction} className="mt-3 space-y-3 rounded-lg border border-slate-200 bg-white p-4">
            <div>
              <label htmlFor="t-name" className="block text-sm font-medium">
                Name
              </label>
              <input id="t-name" name="name" required className={inputClass} />
            </div>
            <div>
              <label htmlFor="t-email" className="block text-sm font-medium">
                Email
              </label>
              <input id="t-email" name="email" type="email" required className={inputClass} />
            </div>
            <div>
              <label htmlFor="t-password" className="block text-sm font-medium">
                Password (blank: generate one)
              </label>
              <input id="t-password" name="password" type="password" autoComplete="new-password" minLength={10} className={inputClass} />
            </div>
            <button type="submit" className={buttonClass}>
              Add teacher
            </button>
          </ActionForm>
        </section>
        <section>
          <h2 className="text-lg font-semibold">Getting teachers signed in</h2>
          <p className="mt-2 text-sm text-slate-700">
            Teachers imported from the roster have no password. Give each an <strong>invite link</strong> (in their row): it works once, for
            72 hours, and lets them choose their own password; copy it, show its QR code to their phone, or, when the school&apos;s mail is
            configured, it is emailed to them. Or set a password for them and pass it on.
          </p>
        </section>
      </div>
    </>
  );
}
