// A class of the 8 fixture people, enrolled from their photos 1–4 through the same code the
// admin pages use (Node face pipeline, consent, storeEnrollmentPhoto). Photo 5 stays unseen.
import fs from "node:fs";
import path from "node:path";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { enrollFixturePhotos } from "../tests/support/enroll-fixtures";

export const FACES = path.resolve("tests/fixtures/faces");
export const manifest = JSON.parse(fs.readFileSync(path.join(FACES, "manifest.json"), "utf8")) as {
  people: Record<string, string[]>;
  groups: Record<string, { people: string[] }>;
  strangers: string[];
};
export const PEOPLE = ["amy", "bernadette", "howard", "leonard", "penny", "raj", "sheldon", "stuart"];

/** Creates the class (meeting Mondays 08:00–08:50 UTC) and enrolls the people. Returns its id. */
export async function fixtureClass(db: PrismaClient, code: string, photos = [1, 2, 3, 4]): Promise<string> {
  const klass = await db.class.create({
    data: { code, title: `${code} benchmark class`, meetings: { create: { weekday: 1, startMinute: 480, endMinute: 530 } } },
  });
  for (const [i, person] of PEOPLE.entries()) {
    const s = await db.student.create({
      data: {
        identifier: `${code}-${i + 1}`,
        givenName: person[0].toUpperCase() + person.slice(1),
        familyName: "Fixture",
        consentStatus: "GRANTED",
        consentAt: new Date(),
      },
    });
    await db.enrollment.create({ data: { classId: klass.id, studentId: s.id } });
    await enrollFixturePhotos(db, s.id, person, photos, { label: "bench" });
  }
  return klass.id;
}
