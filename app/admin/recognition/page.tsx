import type { Metadata } from "next";
import { percent, RangeForm } from "@/app/reports/report-ui";
import { EmptyState, tableClass, TableScroll, Th } from "@/app/ui/table";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";
import { recognitionHealth } from "@/lib/data/recognition";
import { rangeFromParams } from "@/lib/data/reports";
import { requireRole } from "@/app/current-user";

export const metadata: Metadata = { title: "Recognition health" };

export default async function RecognitionHealthPage({ searchParams }: { searchParams: Promise<{ from?: string; to?: string }> }) {
  await requireRole("ADMIN");
  const { range, error } = await rangeFromParams(db, await searchParams, now());
  const rows = await recognitionHealth(db, range);
  return (
    <>
      <h1 className="text-2xl font-semibold">Recognition health</h1>
      <p className="mt-1 max-w-3xl text-slate-700">
        Teachers&apos; corrections of the kiosk, per class. A <strong>probable false accept</strong> is a face check-in a teacher changed to
        an absence. A <strong>probable false reject</strong> is a student with an enrolled face marked present by PIN or by hand (roll call,
        a correction) in a session where the kiosk saw faces it did not recognise or could not tell apart, at most as many per session as
        those faces (the kiosk keeps no identity of a face it did not recognise, so each is counted as probably one of them). The{" "}
        <strong>false reject rate</strong> is those students out of everyone who arrived with an enrolled face: face check-ins that stood
        plus probable false rejects. High false accepts: look at the{" "}
        <a className="underline" href="/admin/matching">
          matching rules
        </a>{" "}
        and the students involved.
        <strong> Students not on the class list</strong> counts faces the kiosk recognised as students of other classes (never who): they
        were told to see their teacher, and nothing was recorded.
        <strong> Refused</strong> counts descriptors no camera gives (made-up probes): any at all deserve a look at that kiosk. High false
        rejects: re-enroll those students with better photos.
      </p>
      <RangeForm range={range} error={error} />
      {rows.length === 0 ? (
        <EmptyState>No sessions in this range.</EmptyState>
      ) : (
        <TableScroll>
          <table className={tableClass} data-testid="health-table">
            <thead className="bg-slate-100">
              <tr>
                <Th>Class</Th>
                <Th numeric>Face check-ins</Th>
                <Th numeric>Probable false accepts</Th>
                <Th numeric>False accept rate</Th>
                <Th numeric>Probable false rejects</Th>
                <Th numeric>False reject rate</Th>
                <Th numeric>Unrecognised faces at the kiosk</Th>
                <Th numeric>Students not on the class list</Th>
                <Th numeric>Refused: not a camera&apos;s</Th>
                <Th numeric>Head turn not passed</Th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.classId} className="border-t border-slate-200">
                  <td className="px-3 py-2">
                    <span className="font-medium">{r.code}</span> {r.title}
                  </td>
                  <td className="px-3 py-2 text-right">{r.faceCheckIns}</td>
                  <td className="px-3 py-2 text-right">{r.falseAccepts}</td>
                  <td className="px-3 py-2 text-right">{percent(r.falseAcceptRate)}</td>
                  <td className="px-3 py-2 text-right">{r.falseRejects}</td>
                  <td className="px-3 py-2 text-right">{percent(r.falseRejectRate)}</td>
                  <td className="px-3 py-2 text-right">{r.unknownAttempts}</td>
                  <td className="px-3 py-2 text-right">{r.notInClassAttempts}</td>
                  <td className="px-3 py-2 text-right">{r.implausibleAttempts}</td>
                  <td className="px-3 py-2 text-right">{r.failedChallenges}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
