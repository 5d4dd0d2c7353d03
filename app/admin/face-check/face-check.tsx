"use client";

import { fileInputClass } from "@/app/ui/table";
import { useEffect, useState } from "react";
import { browserFaceApi, decodeImageFile, type BrowserFace } from "@/lib/face/browser";
import { describeFaces, ENROLLMENT_OPTIONS } from "@/lib/face/pipeline";
import { assessEnrollmentFaces, type QualityVerdict } from "@/lib/face/quality";
import type { DetectedFace } from "@/lib/face/types";
import { count } from "@/lib/text";

type Result = { file: string; url: string; width: number; height: number; faces: DetectedFace[]; verdict: QualityVerdict; ms: number };

export function FaceCheck() {
  const [engine, setEngine] = useState<BrowserFace | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | null>(null);

  useEffect(() => {
    browserFaceApi().then(setEngine, (e: Error) => setLoadError(e.message));
  }, []);

  async function check(file: File) {
    if (!engine) return;
    setBusy(true);
    setResult(null);
    const url = URL.createObjectURL(file);
    try {
      const img = await decodeImageFile(file);
      const t0 = performance.now();
      const faces = await describeFaces({ faceapi: engine.faceapi }, img, ENROLLMENT_OPTIONS);
      const ms = performance.now() - t0;
      setResult({ file: file.name, url, width: img.width, height: img.height, faces, verdict: assessEnrollmentFaces(faces), ms });
    } catch {
      setResult({
        file: file.name,
        url,
        width: 0,
        height: 0,
        faces: [],
        verdict: { ok: false, reason: "unreadable", message: "Not a readable image (use a JPEG, PNG or WebP photo)." },
        ms: 0,
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="mt-6 space-y-4">
      <p role="status" className="text-sm text-slate-700">
        {loadError ? (
          <span className="text-red-800">Face models could not load: {loadError}</span>
        ) : engine ? (
          <>
            Face models ready (backend: <span data-testid="backend">{engine.backend}</span>).
          </>
        ) : (
          "Loading face models…"
        )}
      </p>
      <div>
        <label htmlFor="photo" className="block text-sm font-medium">
          Photo
        </label>
        <input
          id="photo"
          type="file"
          accept="image/jpeg,image/png,image/webp"
          disabled={!engine || busy}
          onChange={(e) => e.target.files?.[0] && check(e.target.files[0])}
          className={fileInputClass}
        />
      </div>
      {busy && <p role="status">Checking the photo…</p>}
      {result && (
        <section aria-label="Result" className="flex flex-wrap gap-6 rounded-lg border border-slate-200 bg-white p-4">
          {result.width > 0 && (
            <div className="relative" style={{ width: Math.min(320, result.width) }}>
              {/* eslint-disable-next-line @next/next/no-img-element */}
              <img src={result.url} alt={`Checked photo ${result.file}`} className="block w-full" />
              {result.faces.map((f, i) => (
                <div
                  key={i}
                  aria-hidden
                  className={`absolute border-2 ${result.verdict.ok ? "border-green-500" : "border-amber-500"}`}
                  style={{
                    left: `${(f.box.x / result.width) * 100}%`,
                    top: `${(f.box.y / result.height) * 100}%`,
                    width: `${(f.box.width / result.width) * 100}%`,
                    height: `${(f.box.height / result.height) * 100}%`,
                  }}
                />
              ))}
            </div>
          )}
          <div className="min-w-64 flex-1">
            <p data-testid="verdict" className={`font-semibold ${result.verdict.ok ? "text-green-800" : "text-red-800"}`}>
              {result.verdict.ok ? "Accepted for enrollment." : result.verdict.message}
            </p>
            <p className="mt-1 text-sm text-slate-700">
              {result.file}: {count(result.faces.length, "face")} found in {Math.round(result.ms)} ms.
            </p>
            {result.faces[0] && (
              <details className="mt-3 text-sm">
                <summary className="cursor-pointer">Technical details</summary>
                <p className="mt-2">
                  Largest face: {Math.round(result.faces[0].box.width)} px wide, detector score {result.faces[0].score.toFixed(2)}.
                </p>
                <p className="mt-2">
                  Descriptor (compare with <code>npm run cli -- embed</code>):
                </p>
                <output data-testid="descriptor" className="mt-1 block max-h-32 overflow-auto break-all font-mono text-xs">
                  {JSON.stringify(Array.from(result.faces[0].descriptor))}
                </output>
              </details>
            )}
          </div>
        </section>
      )}
    </div>
  );
}
