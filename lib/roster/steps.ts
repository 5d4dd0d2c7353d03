// The steps of a roster import, one builder per record type: each compares the export with
// the database and adds what would change (with an apply() run later, inside the import's
// transaction), what stays unchanged, and the rows that cannot be imported.
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/db/types";
import { now } from "@/lib/clock";
import type { Roster, RowError } from "./oneroster";
import { emptySummary, type PlannedChange, type Summary } from "./plan";

export type Step = PlannedChange & { apply(tx: Prisma.TransactionClient): Promise<unknown> };

/** What the builders fill in. */
type Accumulating = { steps: Step[]; errors: RowError[]; unchanged: Summary; notices: string[] };

/** Field names whose values differ. */
function differing<T extends Record<string, unknown>>(current: T, next: Partial<T>): string[] {
  return Object.keys(next).filter((k) => (current[k] ?? null) !== (next[k] ?? null));
}

/** Every step of importing `roster` into the database as it is now (`today`: the school's date, for end-dating). */
export async function computeSteps(db: Db, roster: Roster, today: string): Promise<Accumulating> {
  const plan: Accumulating = { steps: [], errors: [], unchanged: emptySummary(), notices: [] };
  await studentSteps(db, roster, plan);
  await teacherSteps(db, roster, plan);
  await classSteps(db, roster, plan);
  await enrollmentSteps(db, roster, plan, today);
  await guardianSteps(db, roster, plan);
  await guardianshipSteps(db, roster, plan);
  return plan;
}

/** Students by sourcedId: new, changed (identifier and names), archived when gone from the export. */
async function studentSteps(db: Db, roster: Roster, plan: Accumulating): Promise<void> {
  const { steps, errors, unchanged } = plan;
  const students = await db.student.findMany({
    select: { id: true, sourcedId: true, identifier: true, givenName: true, familyName: true, status: true },
  });
  const studentBySourced = new Map(students.filter((s) => s.sourcedId).map((s) => [s.sourcedId!, s]));
  const studentByIdentifier = new Map(students.map((s) => [s.identifier, s]));
  for (const s of roster.students) {
    const current = studentBySourced.get(s.sourcedId);
    const holder = studentByIdentifier.get(s.identifier);
    if (holder && holder.sourcedId !== s.sourcedId) {
      errors.push({
        file: "users.csv",
        line: s.line,
        message: `Identifier "${s.identifier}" belongs to another student already (${holder.givenName} ${holder.familyName}).`,
      });
      continue;
    }
    const data = { identifier: s.identifier, givenName: s.givenName, familyName: s.familyName, status: "ACTIVE" as const };
    const label = `${s.givenName} ${s.familyName} (${s.identifier})`;
    if (!current) {
      steps.push({
        entity: "student",
        kind: "new",
        sourcedId: s.sourcedId,
        label,
        apply: (tx) => tx.student.create({ data: { ...data, sourcedId: s.sourcedId } }),
      });
    } else {
      const fields = differing(current, data);
      if (fields.length === 0) unchanged.student.unchanged++;
      else
        steps.push({
          entity: "student",
          kind: "changed",
          sourcedId: s.sourcedId,
          label,
          fields,
          apply: (tx) => tx.student.update({ where: { id: current.id }, data: { ...data, archivedAt: null } }),
        });
    }
  }
  const importedStudents = new Set(roster.students.map((s) => s.sourcedId));
  for (const s of students) {
    if (!s.sourcedId || importedStudents.has(s.sourcedId) || s.status === "ARCHIVED") continue;
    steps.push({
      entity: "student",
      kind: "removed",
      sourcedId: s.sourcedId,
      label: `${s.givenName} ${s.familyName} (${s.identifier})`,
      apply: (tx) => tx.student.update({ where: { id: s.id }, data: { status: "ARCHIVED", archivedAt: now() } }),
    });
  }
}

/**
 * Teachers: staff accounts. An account with the same email and no sourcedId (made by hand before
 * the first import) is linked rather than duplicated; one gone from the export is deactivated.
 */
async function teacherSteps(db: Db, roster: Roster, plan: Accumulating): Promise<void> {
  const { steps, errors, unchanged, notices } = plan;
  const users = await db.user.findMany({ select: { id: true, sourcedId: true, email: true, name: true, role: true, active: true } });
  const userBySourced = new Map(users.filter((u) => u.sourcedId).map((u) => [u.sourcedId!, u]));
  const userByEmail = new Map(users.map((u) => [u.email, u]));
  for (const t of roster.teachers) {
    const current = userBySourced.get(t.sourcedId) ?? (userByEmail.get(t.email)?.sourcedId ? undefined : userByEmail.get(t.email));
    const holder = userByEmail.get(t.email);
    if (holder && holder !== current) {
      errors.push({ file: "users.csv", line: t.line, message: `Email ${t.email} belongs to another account already.` });
      continue;
    }
    const label = `${t.name} <${t.email}>`;
    if (!current) {
      // No password yet ("!" never verifies): an admin sets one before the teacher can sign in.
      steps.push({
        entity: "teacher",
        kind: "new",
        sourcedId: t.sourcedId,
        label,
        apply: (tx) =>
          tx.user.create({ data: { sourcedId: t.sourcedId, email: t.email, name: t.name, role: "TEACHER", passwordHash: "!" } }),
      });
    } else {
      // Never `active`: an account an admin deactivated stays so (an admin reactivates it on Teachers).
      const data = { sourcedId: t.sourcedId, email: t.email, name: t.name };
      if (!current.active)
        notices.push(
          `${label} is in the export but deactivated here: the import leaves the account deactivated (reactivate it on Teachers if that is wrong).`,
        );
      const fields = differing(current, data);
      if (fields.length === 0) unchanged.teacher.unchanged++;
      else
        steps.push({
          entity: "teacher",
          kind: "changed",
          sourcedId: t.sourcedId,
          label,
          fields,
          apply: (tx) => tx.user.update({ where: { id: current.id }, data }),
        });
    }
  }
  const importedTeachers = new Set(roster.teachers.map((t) => t.sourcedId));
  for (const u of users) {
    if (!u.sourcedId || importedTeachers.has(u.sourcedId) || u.role !== "TEACHER" || !u.active) continue;
    steps.push({
      entity: "teacher",
      kind: "removed",
      sourcedId: u.sourcedId,
      label: `${u.name} <${u.email}>`,
      apply: (tx) => tx.user.update({ where: { id: u.id }, data: { active: false } }),
    });
  }
}

/** Classes by sourcedId: new, changed (code, title, room), archived when gone from the export. */
async function classSteps(db: Db, roster: Roster, plan: Accumulating): Promise<void> {
  const { steps, errors, unchanged } = plan;
  const classes = await db.class.findMany({
    select: { id: true, sourcedId: true, code: true, title: true, room: true, periods: true, status: true },
  });
  const classBySourced = new Map(classes.filter((c) => c.sourcedId).map((c) => [c.sourcedId!, c]));
  const classByCode = new Map(classes.map((c) => [c.code, c]));
  for (const c of roster.classes) {
    const current = classBySourced.get(c.sourcedId);
    const holder = classByCode.get(c.code);
    if (holder && holder.sourcedId !== c.sourcedId) {
      errors.push({
        file: "classes.csv",
        line: c.line,
        message: `Class code "${c.code}" belongs to another class already (${holder.title}).`,
      });
      continue;
    }
    const data = { code: c.code, title: c.title, room: c.room, periods: c.periods, status: "ACTIVE" as const };
    const label = `${c.code} ${c.title}`;
    if (!current)
      steps.push({
        entity: "class",
        kind: "new",
        sourcedId: c.sourcedId,
        label,
        apply: (tx) => tx.class.create({ data: { ...data, sourcedId: c.sourcedId } }),
      });
    else {
      const fields = differing(current, data);
      if (fields.length === 0) unchanged.class.unchanged++;
      else
        steps.push({
          entity: "class",
          kind: "changed",
          sourcedId: c.sourcedId,
          label,
          fields,
          apply: (tx) => tx.class.update({ where: { id: current.id }, data }),
        });
    }
  }
  const importedClasses = new Set(roster.classes.map((c) => c.sourcedId));
  for (const c of classes) {
    if (!c.sourcedId || importedClasses.has(c.sourcedId) || c.status === "ARCHIVED") continue;
    steps.push({
      entity: "class",
      kind: "removed",
      sourcedId: c.sourcedId,
      label: `${c.code} ${c.title}`,
      apply: (tx) => tx.class.update({ where: { id: c.id }, data: { status: "ARCHIVED" } }),
    });
  }
}

/**
 * Enrollments of students, and teachers' class assignments. Ids are resolved at apply time,
 * inside the transaction, since new students and classes get theirs there. An enrollment gone
 * from the export is end-dated today; an assignment made by hand stays.
 */
async function enrollmentSteps(db: Db, roster: Roster, plan: Accumulating, today: string): Promise<void> {
  const { steps, unchanged } = plan;
  // Labels people read in the preview: names, identifiers and class codes, not sourcedIds.
  const personName = new Map([
    ...roster.students.map((st) => [st.sourcedId, `${st.givenName} ${st.familyName} (${st.identifier})`] as const),
    ...roster.teachers.map((t) => [t.sourcedId, t.name] as const),
  ]);
  const classCode = new Map(roster.classes.map((c) => [c.sourcedId, c.code] as const));
  const studentId = async (tx: Prisma.TransactionClient, sourcedId: string) =>
    (await tx.student.findUniqueOrThrow({ where: { sourcedId } })).id;
  const classId = async (tx: Prisma.TransactionClient, sourcedId: string) =>
    (await tx.class.findUniqueOrThrow({ where: { sourcedId } })).id;
  const userId = async (tx: Prisma.TransactionClient, sourcedId: string) => (await tx.user.findUniqueOrThrow({ where: { sourcedId } })).id;

  const enrollments = await db.enrollment.findMany({
    select: {
      id: true,
      sourcedId: true,
      beginDate: true,
      endDate: true,
      class: { select: { sourcedId: true, code: true } },
      student: { select: { sourcedId: true, identifier: true } },
    },
  });
  const enrollmentBySourced = new Map(enrollments.filter((e) => e.sourcedId).map((e) => [e.sourcedId!, e]));
  const enrollmentByPair = new Map(enrollments.map((e) => [`${e.class.sourcedId}\u0000${e.student.sourcedId}`, e]));
  const teaching = await db.classTeacher.findMany({
    select: {
      classId: true,
      userId: true,
      class: { select: { sourcedId: true, code: true } },
      user: { select: { sourcedId: true, email: true } },
    },
  });
  const teachingKeys = new Set(teaching.map((t) => `${t.class.sourcedId}\u0000${t.user.sourcedId}`));
  const importedTeaching = new Set<string>();

  for (const e of roster.enrollments) {
    const pair = `${e.classSourcedId}\u0000${e.userSourcedId}`;
    const label = `${personName.get(e.userSourcedId) ?? e.userSourcedId} in ${classCode.get(e.classSourcedId) ?? e.classSourcedId}`;
    if (e.role === "teacher") {
      importedTeaching.add(pair);
      if (teachingKeys.has(pair)) unchanged.teaching.unchanged++;
      else
        steps.push({
          entity: "teaching",
          kind: "new",
          sourcedId: e.sourcedId,
          label,
          apply: async (tx) =>
            tx.classTeacher.create({ data: { classId: await classId(tx, e.classSourcedId), userId: await userId(tx, e.userSourcedId) } }),
        });
      continue;
    }
    const current = enrollmentBySourced.get(e.sourcedId) ?? enrollmentByPair.get(pair);
    const data = { sourcedId: e.sourcedId, beginDate: e.beginDate, endDate: e.endDate };
    if (!current) {
      steps.push({
        entity: "enrollment",
        kind: "new",
        sourcedId: e.sourcedId,
        label,
        apply: async (tx) =>
          tx.enrollment.create({
            data: { ...data, classId: await classId(tx, e.classSourcedId), studentId: await studentId(tx, e.userSourcedId) },
          }),
      });
    } else {
      const moved = current.class.sourcedId !== e.classSourcedId || current.student.sourcedId !== e.userSourcedId;
      const fields = [...differing(current, data), ...(moved ? ["class or student"] : [])];
      if (fields.length === 0) unchanged.enrollment.unchanged++;
      else
        steps.push({
          entity: "enrollment",
          kind: "changed",
          sourcedId: e.sourcedId,
          label,
          fields,
          apply: async (tx) =>
            tx.enrollment.update({
              where: { id: current.id },
              data: { ...data, classId: await classId(tx, e.classSourcedId), studentId: await studentId(tx, e.userSourcedId) },
            }),
        });
    }
  }
  const importedEnrollments = new Set(roster.enrollments.filter((e) => e.role === "student").map((e) => e.sourcedId));
  for (const e of enrollments) {
    if (!e.sourcedId || importedEnrollments.has(e.sourcedId)) continue;
    if (e.endDate !== null && e.endDate <= today) continue; // ended already
    steps.push({
      entity: "enrollment",
      kind: "removed",
      sourcedId: e.sourcedId,
      label: `${e.student.identifier} in ${e.class.code}`,
      apply: (tx) => tx.enrollment.update({ where: { id: e.id }, data: { endDate: today } }),
    });
  }
  for (const t of teaching) {
    const pair = `${t.class.sourcedId}\u0000${t.user.sourcedId}`;
    if (!t.class.sourcedId || !t.user.sourcedId || importedTeaching.has(pair)) continue; // assignments made by hand stay
    steps.push({
      entity: "teaching",
      kind: "removed",
      sourcedId: pair,
      label: `${t.user.email} in ${t.class.code}`,
      apply: (tx) => tx.classTeacher.delete({ where: { classId_userId: { classId: t.classId, userId: t.userId } } }),
    });
  }
}

/** Guardians by sourcedId: new, changed (names, email, language), archived when gone from the export. */
async function guardianSteps(db: Db, roster: Roster, plan: Accumulating): Promise<void> {
  const { steps, unchanged } = plan;
  const guardians = await db.guardian.findMany({
    select: { id: true, sourcedId: true, givenName: true, familyName: true, email: true, language: true, status: true },
  });
  const bySourced = new Map(guardians.filter((g) => g.sourcedId).map((g) => [g.sourcedId!, g]));
  for (const g of roster.guardians) {
    const current = bySourced.get(g.sourcedId);
    const data = { givenName: g.givenName, familyName: g.familyName, email: g.email, language: g.language, status: "ACTIVE" as const };
    const label = `${g.givenName} ${g.familyName}${g.email ? ` <${g.email}>` : " (no email)"}`;
    if (!current) {
      steps.push({
        entity: "guardian",
        kind: "new",
        sourcedId: g.sourcedId,
        label,
        apply: (tx) => tx.guardian.create({ data: { ...data, sourcedId: g.sourcedId } }),
      });
      continue;
    }
    const fields = differing(current, data);
    if (fields.length === 0) unchanged.guardian.unchanged++;
    else
      steps.push({
        entity: "guardian",
        kind: "changed",
        sourcedId: g.sourcedId,
        label,
        fields,
        apply: (tx) => tx.guardian.update({ where: { id: current.id }, data: { ...data, archivedAt: null } }),
      });
  }
  const imported = new Set(roster.guardians.map((g) => g.sourcedId));
  for (const g of guardians) {
    if (!g.sourcedId || imported.has(g.sourcedId) || g.status === "ARCHIVED") continue;
    steps.push({
      entity: "guardian",
      kind: "removed",
      sourcedId: g.sourcedId,
      label: `${g.givenName} ${g.familyName}`,
      apply: (tx) => tx.guardian.update({ where: { id: g.id }, data: { status: "ARCHIVED", archivedAt: now() } }),
    });
  }
}

/**
 * Which guardian is told about which student. A link from an earlier import that the export no
 * longer has is removed (a link is not history); a link an admin made by hand stays.
 */
async function guardianshipSteps(db: Db, roster: Roster, plan: Accumulating): Promise<void> {
  const { steps, unchanged } = plan;
  const name = new Map([
    ...roster.guardians.map((g) => [g.sourcedId, `${g.givenName} ${g.familyName}`] as const),
    ...roster.students.map((s) => [s.sourcedId, `${s.givenName} ${s.familyName} (${s.identifier})`] as const),
  ]);
  const links = await db.guardianLink.findMany({
    select: {
      guardianId: true,
      studentId: true,
      fromRoster: true,
      guardian: { select: { sourcedId: true, givenName: true, familyName: true } },
      student: { select: { sourcedId: true, identifier: true } },
    },
  });
  const existing = new Map(links.map((l) => [`${l.guardian.sourcedId}\u0000${l.student.sourcedId}`, l]));
  const imported = new Set<string>();
  for (const link of roster.guardianships) {
    const key = `${link.guardianSourcedId}\u0000${link.studentSourcedId}`;
    imported.add(key);
    const current = existing.get(key);
    const label = `${name.get(link.guardianSourcedId)} for ${name.get(link.studentSourcedId)}`;
    if (current?.fromRoster) {
      unchanged.guardianship.unchanged++;
      continue;
    }
    steps.push({
      entity: "guardianship",
      kind: current ? "changed" : "new",
      sourcedId: key,
      label,
      ...(current ? { fields: ["from the roster"] } : {}),
      apply: async (tx) => {
        const guardianId = (await tx.guardian.findUniqueOrThrow({ where: { sourcedId: link.guardianSourcedId } })).id;
        const studentId = (await tx.student.findUniqueOrThrow({ where: { sourcedId: link.studentSourcedId } })).id;
        return tx.guardianLink.upsert({
          where: { guardianId_studentId: { guardianId, studentId } },
          create: { guardianId, studentId, fromRoster: true },
          update: { fromRoster: true },
        });
      },
    });
  }
  for (const [key, l] of existing) {
    if (!l.fromRoster || imported.has(key)) continue;
    steps.push({
      entity: "guardianship",
      kind: "removed",
      sourcedId: key,
      label: `${l.guardian.givenName} ${l.guardian.familyName} for ${l.student.identifier}`,
      apply: (tx) => tx.guardianLink.delete({ where: { guardianId_studentId: { guardianId: l.guardianId, studentId: l.studentId } } }),
    });
  }
}
