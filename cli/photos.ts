// import-photos <folder|zip> [--workers N] [--allow-look-alikes]: bulk enrollment from
// files named by student identifier or sourcedId. Descriptors are computed in Node with
// the enrollment rules, in worker processes (one per core when there are many photos).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SingleBar } from "cli-progress";
import type { PrismaClient, Student } from "@/lib/generated/prisma/client";
import { storeEnrollmentPhoto, type ServerFace } from "@/lib/photos";
import { runWorkerPool } from "@/lib/worker-pool";
import { isSmallFace, smallPhotoNote } from "@/lib/face/quality";
import { identifierCandidates } from "@/lib/photos/names";
import { PhotoSourceError, readPhotoSource, type PhotoEntry } from "@/lib/photos/bulk";
import { CliError, parse } from "@/cli/args";
import { studentName } from "@/lib/names";

export const importPhotosHelp =
  "import-photos <folder|zip> [--workers N]   bulk photo enrollment (files named S1234.jpg, S1234_2.png or S1234/…)";

type Outcome = "enrolled" | "rejected" | "unknown identifier" | "no consent" | "already enrolled";
type Row = { name: string; identifier: string; outcome: Outcome; detail: string };
type WorkerReply = { id: number; ok: boolean; reason: string | null; message: string | null; face: unknown };

/** Runs the quality gate on files across worker processes, calling back as each finishes. */
function assessAll(files: string[], workers: number, onResult: (index: number, reply: WorkerReply) => Promise<void>) {
  return runWorkerPool<{ file: string }, WorkerReply>(
    path.resolve("cli/face-worker.ts"),
    files.map((file) => ({ file })),
    workers,
    onResult,
  );
}

export async function importPhotosCommand(db: PrismaClient, argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { workers: { type: "string" }, "allow-look-alikes": { type: "boolean" } });
  if (positionals.length !== 1) throw new CliError(`Usage: npm run cli -- ${importPhotosHelp.split("   ")[0]}`);
  let source;
  try {
    source = readPhotoSource(positionals[0]);
  } catch (e) {
    if (e instanceof PhotoSourceError) throw new CliError(e.message, 1);
    throw e;
  }
  try {
    const { entries } = source;
    if (entries.length === 0) throw new CliError(`No photos (.jpg, .jpeg, .png, .webp) in ${positionals[0]}.`, 1);

    // File each photo under a student; refuse students without consent before any processing.
    const students = await db.student.findMany();
    const byKey = new Map<string, Student>();
    for (const s of students) {
      byKey.set(s.identifier, s);
      if (s.sourcedId) byKey.set(s.sourcedId, s);
    }
    const rows: Row[] = [];
    const work: { entry: PhotoEntry; student: Student }[] = [];
    for (const entry of entries) {
      const candidates = identifierCandidates(entry.name);
      const student = candidates.map((c) => byKey.get(c)).find(Boolean);
      if (!student)
        rows.push({
          name: entry.name,
          identifier: candidates.at(-1)!,
          outcome: "unknown identifier",
          detail: "no student has this identifier or sourcedId",
        });
      else if (student.consentStatus !== "GRANTED" || student.status !== "ACTIVE")
        rows.push({
          name: entry.name,
          identifier: student.identifier,
          outcome: "no consent",
          detail: `${studentName(student)} has no recorded consent: nothing stored`,
        });
      else work.push({ entry, student });
    }

    const wanted = Number(values.workers ?? (work.length >= 8 ? 2 : 1)) || 1;
    const workers = Math.max(1, Math.min(wanted, os.availableParallelism(), work.length));
    const bar = new SingleBar(
      { format: "Photos {bar} {value}/{total} ({eta_formatted} left)", stream: process.stderr, hideCursor: true },
      undefined,
    );
    if (work.length) bar.start(work.length, 0);
    const started = Date.now();
    await assessAll(
      work.map((w) => w.entry.file),
      workers,
      async (index, reply) => {
        const { entry, student } = work[index];
        const base = { name: entry.name, identifier: student.identifier };
        if (!reply.ok) rows.push({ ...base, outcome: "rejected", detail: reply.message ?? "rejected" });
        else {
          const stored = await storeEnrollmentPhoto(
            db,
            { studentId: student.id, bytes: fs.readFileSync(entry.file), face: reply.face },
            { label: "cli" },
            // The worker ran the server's own quality gate on this file: not run twice.
            { allowLookAlike: values["allow-look-alikes"], serverFace: reply.face as ServerFace },
          );
          const width = stored.ok ? stored.faceWidth : undefined;
          if (stored.ok)
            rows.push({
              ...base,
              outcome: "enrolled",
              detail: `${studentName(student)}${isSmallFace(width) ? ` (${smallPhotoNote(width!)})` : ""}`,
            });
          else if (stored.reason === "already_enrolled") rows.push({ ...base, outcome: "already enrolled", detail: stored.message });
          else if (stored.reason === "no_consent") rows.push({ ...base, outcome: "no consent", detail: stored.message });
          else rows.push({ ...base, outcome: "rejected", detail: stored.message });
        }
        bar.increment();
      },
    );
    if (work.length) bar.stop();
    const seconds = (Date.now() - started) / 1000;

    rows.sort((a, b) => a.name.localeCompare(b.name));
    for (const r of rows) console.log(`${r.name}\t${r.identifier}\t${r.outcome}\t${r.detail}`);
    const count = (o: Outcome) => rows.filter((r) => r.outcome === o).length;
    console.log(
      `Summary: ${count("enrolled")} enrolled, ${count("already enrolled")} already enrolled, ${count("rejected")} rejected, ` +
        `${count("unknown identifier")} unknown identifier, ${count("no consent")} no consent ` +
        `(${work.length} photos processed in ${seconds.toFixed(1)} s with ${workers} worker${workers > 1 ? "s" : ""}).`,
    );
    const failed = rows.filter((r) => r.outcome !== "enrolled" && r.outcome !== "already enrolled").length;
    if (failed) throw new CliError(`${failed} photo${failed > 1 ? "s were" : " was"} not enrolled.`, 1);
  } finally {
    source.cleanup();
  }
}
