// Enrolls a fixture person's photos (tests/fixtures/faces/people/<person>/<person><n>.png) for a
// student, through the same pipeline and store as the photo page: for the kiosk specs and benchmarks.
import fs from "node:fs";
import path from "node:path";
import type { Actor } from "@/lib/audit";
import { describeImage } from "@/lib/face/node";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { storeEnrollmentPhoto } from "@/lib/photos";

export const FIXTURE_FACES = path.resolve("tests/fixtures/faces");

/**
 * Stores photos `numbers` of `person` for the student; throws if one is refused. Look-alikes are
 * allowed: specs enroll the same fixture people under several (later archived) records.
 */
export async function enrollFixturePhotos(
  db: PrismaClient,
  studentId: string,
  person: string,
  numbers: number[],
  actor: Actor,
): Promise<void> {
  for (const n of numbers) {
    const file = path.join(FIXTURE_FACES, `people/${person}/${person}${n}.png`);
    const [face] = await describeImage(file);
    const stored = await storeEnrollmentPhoto(
      db,
      {
        studentId,
        bytes: fs.readFileSync(file),
        face: { descriptor: Array.from(face.descriptor), score: face.score, faceWidth: face.box.width },
      },
      actor,
      { allowLookAlike: true },
    );
    if (!stored.ok) throw new Error(`${person}${n}: ${stored.message}`);
  }
}
