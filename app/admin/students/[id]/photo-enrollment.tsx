"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { enrollPhotoAction } from "@/app/admin/students/actions";
import { buttonClass, fileInputClass, secondaryButtonClass } from "@/app/ui/table";
import { browserFaceApi } from "@/lib/face/browser";
import { checkPhotoInBrowser, enrollmentForm, type CheckedPhoto } from "@/lib/face/enroll-client";
import { isSmallFace, QUALITY_RULES, smallPhotoNote } from "@/lib/face/quality";

type Row = {
  key: string;
  file: File;
  url: string;
  state: "checking" | "saving" | "enrolled" | "rejected" | "look-alike";
  message: string;
  face?: CheckedPhoto["face"];
};

export function PhotoEnrollment({ studentId, studentName }: { studentId: string; studentName: string }) {
  const router = useRouter();
  const [ready, setReady] = useState<"loading" | "ready" | string>("loading");
  const [rows, setRows] = useState<Row[]>([]);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    browserFaceApi().then(
      () => setReady("ready"),
      (e: Error) => setReady(e.message),
    );
  }, []);

  const update = (key: string, patch: Partial<Row>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  async function save(row: Row, face: CheckedPhoto["face"], allowLookAlike = false) {
    update(row.key, { state: "saving", message: "Saving…" });
    const result = await enrollPhotoAction(enrollmentForm(studentId, row.file, face, allowLookAlike));
    if (result.ok) {
      update(row.key, { state: "enrolled", message: isSmallFace(result.faceWidth) ? smallPhotoNote(result.faceWidth) : "Enrolled." });
      router.refresh();
    } else if (result.reason === "duplicate") update(row.key, { state: "look-alike", message: result.message, face });
    else update(row.key, { state: "rejected", message: result.message });
  }

  async function add(files: FileList | File[]) {
    const list = Array.from(files);
    const fresh = list.map((file, i) => ({
      key: `${Date.now()}-${i}-${file.name}`,
      file,
      url: URL.createObjectURL(file),
      state: "checking" as const,
      message: "Checking…",
    }));
    setRows((rs) => [...fresh, ...rs]);
    for (const row of fresh) {
      const checked = await checkPhotoInBrowser(row.file);
      if (!checked.verdict.ok) update(row.key, { state: "rejected", message: checked.verdict.message });
      else await save(row, checked.face);
    }
  }

  return (
    <div>
      <h3 className="font-medium">Add photos of {studentName}</h3>
      <p className="text-sm text-slate-700">
        One face, looking at the camera, at least {QUALITY_RULES.minFaceWidth} pixels wide ({QUALITY_RULES.comfortableFaceWidth} or more
        recognises best; a smaller face is enrolled with a &ldquo;small photo&rdquo; note). Each photo is checked in this browser first;
        only accepted photos are uploaded.
      </p>
      <div
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          if (ready === "ready") add(e.dataTransfer.files);
        }}
        className={`mt-3 rounded-lg border-2 border-dashed p-4 ${dragging ? "border-brand-600 bg-brand-50" : "border-slate-300"}`}
      >
        <label htmlFor="enroll-photos" className="block text-sm font-medium">
          Photos (choose files, take a photo, or drop them here)
        </label>
        <input
          ref={input}
          id="enroll-photos"
          type="file"
          accept="image/jpeg,image/png,image/webp"
          multiple
          disabled={ready !== "ready"}
          onChange={(e) => {
            if (e.target.files?.length) add(e.target.files);
            e.target.value = "";
          }}
          className={fileInputClass}
        />
        <p role="status" className="mt-2 text-sm text-slate-600">
          {ready === "loading" ? "Loading face models…" : ready === "ready" ? "Ready." : `Face models could not load: ${ready}`}
        </p>
      </div>
      {rows.length > 0 && (
        <ul aria-label="Photo results" className="mt-3 space-y-2">
          {rows.map((r) => (
            <li key={r.key} className="flex items-center gap-3 rounded-md border border-slate-200 p-2">
              {/* eslint-disable-next-line @next/next/no-img-element */}
              <img src={r.url} alt="" className="h-14 w-14 rounded object-cover" />
              <div className="flex-1 text-sm">
                <p className="font-medium">{r.file.name}</p>
                <p
                  data-testid="photo-result"
                  className={
                    r.state === "enrolled"
                      ? "text-green-800"
                      : r.state === "rejected"
                        ? "text-red-800"
                        : r.state === "look-alike"
                          ? "text-amber-900"
                          : "text-slate-700"
                  }
                >
                  {r.message}
                </p>
              </div>
              {r.state === "look-alike" && (
                // The safe choice is the primary one: a look-alike saved by mistake can mark the wrong student present.
                <span className="flex gap-2">
                  <button type="button" className={buttonClass} onClick={() => update(r.key, { state: "rejected", message: "Not saved." })}>
                    Don&apos;t save
                  </button>
                  <button type="button" className={secondaryButtonClass} onClick={() => save(r, r.face ?? null, true)}>
                    Save anyway
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
