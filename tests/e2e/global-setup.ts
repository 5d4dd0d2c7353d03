// Runs once the app is up (its start created the database and the first admin):
// adds the staff accounts and a class the tests use.
import { createUser } from "@/lib/staff";
import { OTHER_TEACHER, TEACHER, testDb } from "./fixtures";

export default async function globalSetup() {
  const db = testDb();
  try {
    const teacher = await createUser(db, { ...TEACHER, role: "TEACHER" }, { label: "test" });
    await createUser(db, { ...OTHER_TEACHER, role: "TEACHER" }, { label: "test" });
    await db.class.create({
      data: {
        code: "SCI-8A",
        title: "Science 8A",
        room: "B12",
        meetings: { create: [{ weekday: 1, startMinute: 8 * 60, endMinute: 8 * 60 + 50 }] },
        teachers: { create: { userId: teacher.id } },
      },
    });
    await db.class.create({ data: { code: "ART-8B", title: "Art 8B", room: "A3" } });
  } finally {
    await db.$disconnect();
  }
}
