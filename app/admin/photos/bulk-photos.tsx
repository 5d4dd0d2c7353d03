"use client";

import { useEffect, useState } from "react";
import { unzip } from "fflate";
import { enrollPhotoAction } from "@/app/admin/students/actions";
import { resolvePhotoOwnersAction } from "@/app/admin/photos/actions";
import { buttonClass, fileInputClass, Th } from "@/app/ui/table";
import { browserFaceApi } from "@/lib/face/browser";
import { isSmallFace, smallPhotoNote } from "@/lib/face/quality";
import { checkPhotoInBrowser, enrollmentForm } from "@/lib/face/enroll-client";
import { isPhotoName } from "@/lib/photos/names";
import { count as countOf } from "@/lib/text";

type Outcome = "enrolled" | "rejected" | "unknown identifier" | "no consent" | "already enrolled";
type Result = { name: string; identifier: string; student: string; outcome: Outcome; detail: string };

/** The photo files of a zip, as Files named by their path inside it. */
function filesFromZip(zip: File): Promise<File[]> {
  return zip
    .arrayBuffer()
    .then(
      (buf) =>
        new Promise((resolve, reject) =>
          unzip(new Uint8Array(buf), { filter: (f) => isPhotoName(f.name) && f.originalSize <= 10 * 2 ** 20 }, (err, entries) =>
            err
              ? reject(new Error("Not a readable zip file."))
              : resolve(Object.entries(entries).map(([name, bytes]) => new File([bytes], name))),
          ),
        ),
    );
}

export function BulkPhotos() {
  const [ready, setReady] = useState<"loading" | "ready" | string>("loading");
  const [files, setFiles] = useState<{ name: string; file: File }[]>([]);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [results, setResults] = useState<Result[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    browserFaceApi().then(
      () => setReady("ready"),
      (e: Error) => setReady(e.message),
    );
  }, []);

  async function choose(list: FileList | null) {
    setResults(null);
    setError(null);
    const chosen = Array.from(list ?? []);
    try {
      const expanded = (await Promise.all(chosen.map(async (f) => (/\.zip$/i.test(f.name) ? filesFromZip(f) : [f])))).flat();
      setFiles(
        expanded
          .filter((f) => isPhotoName(f.name) || isPhotoName(f.webkitRelativePath))
          .map((f) => ({ name: f.webkitRelativePath || f.name, file: f })),
      );
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function run() {
    setError(null);
    const resolved = await resolvePhotoOwnersAction(files.map((f) => f.name));
    if (!resolved.ok) return setError(resolved.message);
    const out: Result[] = [];
    const work = resolved.owners.map((o, i) => ({ owner: o, file: files[i].file }));
    for (const { owner } of work) {
      if (owner.status === "unknown")
        out.push({
          name: owner.name,
          identifier: owner.identifier,
          student: "—",
          outcome: "unknown identifier",
          detail: "No student has this identifier or sourcedId.",
        });
      if (owner.status === "no_consent")
        out.push({
          name: owner.name,
          identifier: owner.identifier,
          student: owner.studentName,
          outcome: "no consent",
          detail: "No recorded consent: not processed, nothing stored.",
        });
    }
    const todo = work.filter((w) => w.owner.status === "ok");
    setProgress({ done: 0, total: todo.length });
    for (const [i, { owner, file }] of todo.entries()) {
      if (owner.status !== "ok") continue;
      const base = { name: owner.name, identifier: owner.identifier, student: owner.studentName };
      const checked = await checkPhotoInBrowser(file);
      if (!checked.verdict.ok) out.push({ ...base, outcome: "rejected", detail: checked.verdict.message });
      else {
        const stored = await enrollPhotoAction(enrollmentForm(owner.studentId, file, checked.face));
        if (stored.ok)
          out.push({
            ...base,
            outcome: "enrolled",
            detail: isSmallFace(stored.faceWidth) ? smallPhotoNote(stored.faceWidth) : "",
          });
        else if (stored.reason === "already_enrolled") out.push({ ...base, outcome: "already enrolled", detail: stored.message });
        else out.push({ ...base, outcome: stored.reason === "no_consent" ? "no consent" : "rejected", detail: stored.message });
      }
      setProgress({ done: i + 1, total: todo.length });
    }
    setResults(out.sort((a, b) => a.name.localeCompare(b.name)));
  }

  const running = progress !== null && progress.done < progress.total;
  const count = (o: Outcome) => results?.filter((r) => r.outcome === o).length ?? 0;
  return (
    <div className="mt-4 space-y-4">
      <div className="rounded-lg border border-slate-200 bg-white p-4">
        <p role="status" className="text-sm text-slate-600">
          {ready === "loading" ? "Loading face models…" : ready === "ready" ? "Face models ready." : `Face models could not load: ${ready}`}
        </p>
        <div className="mt-3 grid gap-4 sm:grid-cols-2">
          <div>
            <label htmlFor="bulk-zip" className="block text-sm font-medium">
              A zip of photos
            </label>
            <input
              id="bulk-zip"
              type="file"
              accept=".zip,application/zip"
              disabled={running}
              onChange={(e) => choose(e.target.files)}
              className={fileInputClass}
            />
          </div>
          <div>
            <label htmlFor="bulk-folder" className="block text-sm font-medium">
              Or a folder of photos
            </label>
            <input
              id="bulk-folder"
              type="file"
              multiple
              disabled={running}
              onChange={(e) => choose(e.target.files)}
              className={fileInputClass}
              {...{ webkitdirectory: "" }}
            />
          </div>
        </div>
        <p className="mt-3 text-sm text-slate-700">
          {files.length
            ? `${countOf(files.length, "photo")} chosen.`
            : "Files are named by student identifier or sourcedId: S1234.jpg, S1234_2.png, or a folder S1234/."}
        </p>
        <button type="button" className={`mt-3 ${buttonClass}`} disabled={ready !== "ready" || files.length === 0 || running} onClick={run}>
          {running ? "Enrolling…" : "Check and enroll"}
        </button>
        {error && (
          <p role="alert" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            {error}
          </p>
        )}
      </div>
      {progress && (
        <div>
          <label htmlFor="bulk-progress" className="block text-sm font-medium">
            Progress: {progress.done} of {progress.total} photos
          </label>
          <progress id="bulk-progress" max={Math.max(1, progress.total)} value={progress.done} className="mt-1 h-3 w-full" />
        </div>
      )}
      {results && (
        <section aria-label="Bulk enrollment results">
          <p role="status" className="font-medium">
            {count("enrolled")} enrolled, {count("already enrolled")} already enrolled, {count("rejected")} rejected,{" "}
            {count("unknown identifier")} unknown identifier, {count("no consent")} no consent.
          </p>
          <table className="mt-2 w-full rounded-lg bg-white text-left text-sm">
            <thead className="bg-slate-100">
              <tr>
                <Th>File</Th>
                <Th>Identifier</Th>
                <Th>Student</Th>
                <Th>Result</Th>
                <Th>Reason</Th>
              </tr>
            </thead>
            <tbody>
              {results.map((r) => (
                <tr key={r.name} className="border-t border-slate-200">
                  <td className="px-3 py-2">{r.name}</td>
                  <td className="px-3 py-2">{r.identifier}</td>
                  <td className="px-3 py-2">{r.student}</td>
                  <td
                    className={`px-3 py-2 ${r.outcome === "enrolled" || r.outcome === "already enrolled" ? "text-green-800" : "text-red-800"}`}
                  >
                    {r.outcome}
                  </td>
                  <td className="px-3 py-2">{r.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
