import type { Metadata } from "next";
import { CreateKioskForm, KioskRowActions, ResumePinButton } from "@/app/admin/kiosks/kiosk-forms";
import { EmptyState, tableClass, TableScroll, Th } from "@/app/ui/table";
import { db } from "@/lib/db";
import { requireRole } from "@/app/current-user";
import { localDate, localDateTime, localTime } from "@/lib/dates";
import { roomLabel } from "@/lib/text";
import { requestSettings } from "@/app/request-settings";
import { classOptions } from "@/lib/data/classes";
import { kioskList } from "@/lib/data/kiosks";
import { pinLockouts } from "@/lib/attendance/pin";
import { now } from "@/lib/clock";
import { KioskHealth } from "@/app/admin/kiosks/kiosk-health";

export const metadata: Metadata = { title: "Kiosks" };

export default async function KiosksPage() {
  await requireRole("ADMIN");
  const at = now();
  const [kiosks, classes, settings, lockouts] = await Promise.all([
    kioskList(db),
    classOptions(db),
    requestSettings(db),
    pinLockouts(db, at),
  ]);
  return (
    <>
      <h1 className="text-2xl font-semibold">Kiosks</h1>
      <p className="mt-1 max-w-2xl text-slate-700">
        A kiosk is a screen with a camera in a classroom. Create one, then open its pairing link on that screen.
      </p>
      {kiosks.length === 0 ? (
        <EmptyState>No kiosks yet.</EmptyState>
      ) : (
        <TableScroll>
          <table className={tableClass}>
            <thead className="bg-slate-100">
              <tr>
                <Th>Kiosk</Th>
                <Th>Serves</Th>
                <Th>State</Th>
                <Th>Actions</Th>
              </tr>
            </thead>
            <tbody>
              {kiosks.map((k) => (
                <tr key={k.id} className="border-t border-slate-200 align-top">
                  <td className="px-3 py-2 font-medium">{k.name}</td>
                  <td className="px-3 py-2">{k.class ? `class ${k.class.code}` : k.room ? roomLabel(k.room) : "—"}</td>
                  <td className="px-3 py-2">
                    {k.revoked
                      ? "revoked"
                      : k.tokenHash
                        ? // A check-in is a student marked through this screen; its last contact (any call) is below.
                          `paired, ${k.lastCheckInAt ? `last check-in ${localDateTime(k.lastCheckInAt, settings.clock)}` : "no check-in yet"}`
                        : "waiting for pairing"}
                    {k.tokenHash && !k.revoked && <KioskHealth kiosk={k} at={at} clock={settings.clock} />}
                    {k.engineMode === "page" && !k.revoked && (
                      <p className="mt-1 text-amber-800" data-testid="kiosk-engine">
                        Slower screen: this browser cannot run recognition in the background, so it runs on the page ({k.engineBackend}).
                        Typing a PIN may lag while a face is in view. A current Chrome, Edge or Firefox avoids this.
                      </p>
                    )}
                    {k.recognitionPausedAt && !k.revoked && (
                      <p className="mt-1 font-medium text-red-800" data-testid="kiosk-paused">
                        Face check-in paused since {localDate(k.recognitionPausedAt, settings.timeZone)}{" "}
                        {localTime(k.recognitionPausedAt, settings.clock)}: {k.recognitionPausedReason}
                      </p>
                    )}
                  </td>
                  <td className="px-3 py-2">
                    <KioskRowActions kioskId={k.id} name={k.name} revoked={k.revoked} paused={Boolean(k.recognitionPausedAt)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <section className="mt-8" aria-labelledby="pin-lockouts">
        <h2 id="pin-lockouts" className="text-lg font-semibold">
          PIN entry paused
        </h2>
        <p className="mt-1 max-w-2xl text-slate-700">
          Five wrong PINs for one student within 10 minutes pause PIN entry for that student; 30 on one screen pause it there. It resumes by
          itself at the time shown, or now with Resume.
        </p>
        {lockouts.length === 0 ? (
          <EmptyState>No PIN entry is paused.</EmptyState>
        ) : (
          <TableScroll>
            <table className={tableClass} data-testid="pin-lockouts">
              <thead className="bg-slate-100">
                <tr>
                  <Th>Student</Th>
                  <Th>Kiosk</Th>
                  <Th>Paused until</Th>
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                </tr>
              </thead>
              <tbody>
                {lockouts.map((l) => {
                  const who = l.student ? `${l.student.name} (${l.student.identifier})` : "Everyone on this screen";
                  return (
                    <tr key={`${l.student?.id ?? ""} ${l.kiosk.id}`} className="border-t border-slate-200 align-top">
                      <td className="px-3 py-2">{who}</td>
                      <td className="px-3 py-2">{l.kiosk.name}</td>
                      <td className="px-3 py-2">{localTime(l.until, settings.clock)}</td>
                      <td className="px-3 py-2">
                        <ResumePinButton
                          studentId={l.student?.id ?? null}
                          kioskId={l.kiosk.id}
                          label={l.student ? l.student.name : l.kiosk.name}
                        />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
      <section className="mt-8 max-w-xl">
        <h2 className="text-lg font-semibold">Create a kiosk</h2>
        <CreateKioskForm classes={classes} />
      </section>
    </>
  );
}
