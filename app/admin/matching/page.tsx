import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/app/ui/action-form";
import { EmptyState, TableScroll, tableClass, Th } from "@/app/ui/table";
import { db } from "@/lib/db";
import { sortedQuantile } from "@/lib/face/calibrate";
import { DEFAULT_RULES } from "@/lib/face/rules";
import { calibrateSchool } from "@/lib/matching/calibration";
import { needsNewPhoto, reasonsText } from "@/lib/matching/photo-health";
import { now } from "@/lib/clock";
import { requireRole } from "@/app/current-user";
import { requestSettings } from "@/app/request-settings";
import { applyCalibratedRulesAction, setSchoolLivenessAction, undoRulesAction } from "./actions";
import { DistanceChart, type HistogramBin } from "./distance-chart";
import { studentName } from "@/lib/names";
import { studentsById } from "@/lib/data/students";

export const metadata: Metadata = { title: "Matching" };

const BIN = 0.02;
const buttonClass = "rounded-md bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-600 disabled:opacity-60";

function histogram(genuine: number[], impostor: number[]): HistogramBin[] {
  const max = Math.min(1.4, Math.max(0.8, ...genuine, ...impostor.slice(-1)));
  const bins: HistogramBin[] = [];
  for (let from = 0; from < max; from += BIN) bins.push({ from: Number(from.toFixed(2)), genuine: 0, impostor: 0 });
  const share = (xs: number[], key: "genuine" | "impostor") => {
    for (const x of xs) bins[Math.min(bins.length - 1, Math.floor(x / BIN))][key]++;
    for (const b of bins) b[key] = xs.length ? Math.round((1000 * b[key]) / xs.length) / 10 : 0;
  };
  share(genuine, "genuine");
  share(impostor, "impostor");
  return bins;
}

const oneIn = (rate: number) => `1 in ${Math.round(1 / rate).toLocaleString("en")}`;
const fmt = (x: number | null | undefined, digits = 3) => (x === null || x === undefined ? "–" : x.toFixed(digits));

export default async function MatchingPage({ searchParams }: { searchParams: Promise<{ far?: string }> }) {
  await requireRole("ADMIN");
  const settings = await requestSettings(db);
  const asked = Number((await searchParams).far);
  const far = asked > 0 && asked <= 0.1 ? asked : settings.targetFar;
  const [{ calibration: c, current, suggested, previous, lookAlikes }, retake] = await Promise.all([
    calibrateSchool(db, far),
    needsNewPhoto(db, settings, now()),
  ]);
  const ids = [...new Set(lookAlikes.flatMap((p) => [p.a, p.b]))];
  const students = await studentsById(db, ids);
  const name = (id: string) => {
    const s = students.get(id);
    return s ? `${studentName(s)} (${s.identifier})` : id;
  };
  return (
    <>
      <h1 className="text-2xl font-semibold">Matching</h1>
      <p className="mt-1 max-w-3xl text-slate-700">
        How close two faces must be to count as the same student, chosen from your school&apos;s own photos. Every pair of photos of
        <strong> the same student</strong> (green) should fall at or below the threshold; photos of <strong>different students</strong>{" "}
        (red) must stay above it. A kiosk marks a student only when the face is within the threshold of that student and clearly nearer to
        them than to anyone else in the school (the margin), on {current.framesRequired} of {current.framesWindow} frames.
      </p>

      <section aria-labelledby="rules-now" className="mt-4 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="rules-now" className="text-lg font-semibold">
          Rules in force
        </h2>
        <p data-testid="current-rules">
          Threshold <strong>{current.threshold}</strong> · margin {current.minMargin} · {current.framesRequired} of {current.framesWindow}{" "}
          frames
        </p>
        {previous && (
          <ActionForm
            action={undoRulesAction}
            className="mt-2 flex flex-wrap items-center gap-3"
            confirm={`Go back to threshold ${previous.threshold}, margin ${previous.minMargin}?`}
          >
            <p className="text-sm text-slate-700">
              Before the last change: threshold {previous.threshold}, margin {previous.minMargin}.
            </p>
            <button type="submit" className="rounded-md border border-slate-400 px-3 py-1.5">
              Undo the last change
            </button>
          </ActionForm>
        )}
      </section>

      <form method="get" className="mt-4 flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="far" className="block font-medium">
            Target false-accept rate
          </label>
          <select id="far" name="far" defaultValue={String(far)} className="mt-1 max-w-full rounded-md border border-slate-400 px-3 py-2">
            {[0.01, 0.001, 0.0001].map((r) => (
              <option key={r} value={r}>
                {oneIn(r)} comparisons of different students
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="rounded-md border border-slate-400 px-4 py-2">
          Calculate
        </button>
      </form>

      <p className="mt-4" data-testid="calibration-summary">
        {c.students} students, {c.templates} photos: {c.genuine.length} comparisons of the same student,{" "}
        {c.impostor.length.toLocaleString("en")} of different students.
      </p>
      {c.genuine.length + c.impostor.length > 0 ? (
        <>
          <DistanceChart bins={histogram(c.genuine, c.impostor)} current={current.threshold} suggested={c.threshold} />
          <TableScroll>
            <table className={tableClass}>
              <caption className="sr-only">Distances of the school&apos;s photos</caption>
              <thead className="bg-slate-100">
                <tr>
                  <Th>Comparisons</Th>
                  <Th numeric>Count</Th>
                  <Th numeric>Smallest</Th>
                  <Th numeric>Median</Th>
                  <Th numeric>95th percentile</Th>
                  <Th numeric>Largest</Th>
                </tr>
              </thead>
              <tbody>
                {(
                  [
                    ["Same student", c.genuine],
                    ["Different students", c.impostor],
                  ] as const
                ).map(([label, xs]) => (
                  <tr key={label} className="border-t border-slate-200">
                    <th scope="row" className="px-3 py-2 text-left font-normal">
                      {label}
                    </th>
                    <td className="px-3 py-2 text-right">{xs.length}</td>
                    <td className="px-3 py-2 text-right">{fmt(xs[0])}</td>
                    <td className="px-3 py-2 text-right">{fmt(sortedQuantile(xs, 0.5))}</td>
                    <td className="px-3 py-2 text-right">{fmt(sortedQuantile(xs, 0.95))}</td>
                    <td className="px-3 py-2 text-right">{fmt(xs[xs.length - 1])}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      ) : (
        <EmptyState>No enrolled photos yet: enroll photos, then come back.</EmptyState>
      )}

      <section aria-labelledby="liveness-h" className="mt-6 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="liveness-h" className="text-lg font-semibold">
          Liveness check
        </h2>
        <p className="mt-1 max-w-3xl text-sm text-slate-700">
          With <strong>head turn</strong>, a kiosk that recognises a student asks them to turn their head to the left or the right (chosen
          at random each time) and marks them only if the same face turns that way: a photo held up to the camera marks nobody. It adds a
          second or two per student. It does not stop a video of the student turning their head, or a mask. Classes can choose their own on
          their page; this is the default for the others.
        </p>
        <ActionForm action={setSchoolLivenessAction} className="mt-3 flex flex-wrap items-end gap-3">
          <div>
            <label htmlFor="liveness" className="block text-sm font-medium">
              School default
            </label>
            <select
              key={settings.liveness} // a select keeps its first default through the form's reset after a save: remount on the saved value
              id="liveness"
              name="liveness"
              defaultValue={settings.liveness}
              className="mt-1 rounded-md border border-slate-400 px-3 py-2"
            >
              <option value="OFF">Off</option>
              <option value="HEAD_TURN">Head turn</option>
            </select>
          </div>
          <button type="submit" className="rounded-md bg-slate-900 px-4 py-2 text-white">
            Save
          </button>
        </ActionForm>
      </section>

      <section aria-labelledby="suggestion" className="mt-6 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="suggestion" className="text-lg font-semibold">
          Suggested rules
        </h2>
        {suggested ? (
          <>
            <p data-testid="suggested-rules">
              Threshold <strong>{suggested.threshold}</strong> (margin {suggested.minMargin}): on your photos it accepts{" "}
              {c.impostor.filter((x) => x <= suggested.threshold).length.toLocaleString("en")} of {c.impostor.length.toLocaleString("en")}{" "}
              different-student comparisons
              {c.genuineAcceptRate !== null && <> and {fmt(c.genuineAcceptRate * 100, 1)}% of same-student ones</>}.
            </p>
            <p className="text-sm text-slate-700">
              {c.method === "normal-fit"
                ? `Estimated from a normal fit: too few photos to see a rate of ${oneIn(far)} directly; more photos give a surer figure.${c.capped ? ` The fit allowed a looser threshold than the shipped ${DEFAULT_RULES.threshold}; a few photos cannot justify that, so the suggestion stays at ${DEFAULT_RULES.threshold}.` : ""}`
                : "Measured on your school's photos."}
            </p>
            {/* One form whether or not there is anything to apply, so its outcome stays on screen after the page refreshes. */}
            <ActionForm
              action={applyCalibratedRulesAction}
              className="mt-3 flex flex-wrap items-center gap-3"
              confirm={`Apply threshold ${suggested.threshold} (now ${current.threshold}) to every kiosk?`}
            >
              <input type="hidden" name="targetFar" value={far} />
              {suggested.threshold === current.threshold ? (
                <p>These are the rules in force.</p>
              ) : (
                <button type="submit" className={buttonClass}>
                  Apply these rules
                </button>
              )}
            </ActionForm>
          </>
        ) : (
          <p data-testid="suggested-rules">{c.message}</p>
        )}
      </section>

      <section aria-labelledby="retake" className="mt-6">
        <h2 id="retake" className="text-lg font-semibold">
          Re-take photos for these students
        </h2>
        <p className="text-sm text-slate-700">
          The same list as Today&apos;s <em>Need a new photo</em>, the students list&apos;s filter and each class&apos;s enrollment health:
          no photo, one photo, only small or unclear faces, photos older than {settings.reenrollMonths} months, often only just recognised
          at the kiosk, or their own photos lie farther apart than the threshold in force ({current.threshold}).{" "}
          <a href="/admin/students/reshoot" download className="underline">
            Download the re-shoot list (CSV)
          </a>
        </p>
        {retake.length === 0 ? (
          <EmptyState>None.</EmptyState>
        ) : (
          <ul className="mt-2 list-disc pl-6" data-testid="retake-list">
            {retake.map((r) => (
              <li key={r.studentId}>
                <Link className="underline" href={`/admin/students/${r.studentId}`}>
                  {studentName(r)} ({r.identifier})
                </Link>
                : {reasonsText(r.reasons)}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="lookalikes" className="mt-6">
        <h2 id="lookalikes" className="text-lg font-semibold">
          Students who look alike
        </h2>
        <p className="text-sm text-slate-700">
          Photos of these students lie within the threshold of each other. The kiosk applies stricter rules to them (every frame must agree,
          twice the margin); if one is not recognised, the PIN or roll call serve.
        </p>
        {lookAlikes.length === 0 ? (
          <EmptyState>None.</EmptyState>
        ) : (
          <ul className="mt-2 list-disc pl-6" data-testid="lookalike-list">
            {lookAlikes.map((p) => (
              <li key={`${p.a}-${p.b}`}>
                {name(p.a)} and {name(p.b)} ({p.distance.toFixed(2)} apart)
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
