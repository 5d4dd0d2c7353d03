// Attendance rate and chronic absence on a hand-checked calendar. Every expected figure
// below was counted by hand from the table in the comment, not computed by the code under test.
import { describe, expect, it } from "vitest";
import {
  dailyRates,
  chronicStatus,
  isChronicallyAbsent,
  tallyByStudent,
  type EnrollmentWindow,
  type HeldSession,
  type RecordFact,
} from "@/lib/attendance/rates";
import type { AttendanceStatus } from "@/lib/generated/prisma/enums";

// Class C1 meets every school day for two weeks (10 sessions); class C2 once, on 11-04.
//
//            11-02 11-03 11-04 11-05 11-06 | 11-09 11-10 11-11 11-12 11-13
// A (always)   P     P     T     P     E   |   P     P     P     P     P
// B (from 09)  U*    -     -     -     -   |   P     U     P     T     P      * before enrollment: ignored
// C (always)   P     P     P     P     P   |   P     P     P     P     .      . = not marked yet
// D (to 05)    P     P     P     U   (left)|
// E (always)   P     P     P     P     P   |   P     P     P     P     P      and C2 on 11-04: U
const C1_DATES = [
  "2026-11-02",
  "2026-11-03",
  "2026-11-04",
  "2026-11-05",
  "2026-11-06",
  "2026-11-09",
  "2026-11-10",
  "2026-11-11",
  "2026-11-12",
  "2026-11-13",
];
const sessions: HeldSession[] = [
  ...C1_DATES.map((date) => ({ id: `c1-${date}`, classId: "C1", date })),
  { id: "c2-2026-11-04", classId: "C2", date: "2026-11-04" },
];
const enrollments: EnrollmentWindow[] = [
  { classId: "C1", studentId: "A", beginDate: null, endDate: null },
  { classId: "C1", studentId: "B", beginDate: "2026-11-09", endDate: null },
  { classId: "C1", studentId: "C", beginDate: "2026-09-01", endDate: null },
  { classId: "C1", studentId: "D", beginDate: null, endDate: "2026-11-05" },
  { classId: "C1", studentId: "E", beginDate: null, endDate: null },
  { classId: "C2", studentId: "E", beginDate: null, endDate: null },
];
const S: Record<string, AttendanceStatus> = { P: "PRESENT", T: "TARDY", E: "EXCUSED_ABSENCE", U: "UNEXCUSED_ABSENCE" };
const rows: Record<string, string> = { A: "PPTPEPPPPP", B: "U----PUPTP", C: "PPPPPPPPP.", D: "PPPU------", E: "PPPPPPPPPP" };
const records: RecordFact[] = [
  ...Object.entries(rows).flatMap(([studentId, marks]) =>
    [...marks].flatMap((m, i) => (S[m] ? [{ sessionId: `c1-${C1_DATES[i]}`, studentId, status: S[m] }] : [])),
  ),
  { sessionId: "c2-2026-11-04", studentId: "E", status: "UNEXCUSED_ABSENCE" },
];

describe("tallyByStudent", () => {
  const t = tallyByStudent(sessions, records, enrollments);

  it("counts tardy as attended and excused as absent", () => {
    expect(t.get("A")).toMatchObject({
      sessions: 10,
      marked: 10,
      present: 8,
      tardy: 1,
      excused: 1,
      unexcused: 0,
      attended: 9,
      absences: 1,
      attendanceRate: 0.9,
      absenceRate: 0.1,
    });
    expect(isChronicallyAbsent(t.get("A")!)).toBe(true); // exactly 10%: "10% or more"
  });

  it("ignores sessions before enrollment began, even with a record there", () => {
    expect(t.get("B")).toMatchObject({ sessions: 5, marked: 5, present: 3, tardy: 1, unexcused: 1, absences: 1, absenceRate: 0.2 });
    // 20% of 5 marked sessions: too few to flag under the default minimum of 10; flagged from 5.
    expect(chronicStatus(t.get("B")!)).toBe("provisional");
    expect(isChronicallyAbsent(t.get("B")!)).toBe(false);
    expect(isChronicallyAbsent(t.get("B")!, 5)).toBe(true);
  });

  it("leaves unmarked sessions out of the rate", () => {
    expect(t.get("C")).toMatchObject({ sessions: 10, marked: 9, unmarked: 1, attended: 9, absences: 0, attendanceRate: 1 });
    expect(isChronicallyAbsent(t.get("C")!)).toBe(false);
  });

  it("stops counting when the enrollment ends", () => {
    expect(t.get("D")).toMatchObject({ sessions: 4, marked: 4, attended: 3, absences: 1, absenceRate: 0.25 });
    expect(chronicStatus(t.get("D")!, 4)).toBe("chronic");
  });

  it("adds up every class of the student: 1 absence in 11 sessions is under 10%", () => {
    expect(t.get("E")).toMatchObject({ sessions: 11, marked: 11, attended: 10, absences: 1 });
    expect(t.get("E")!.absenceRate).toBeCloseTo(1 / 11, 10);
    expect(isChronicallyAbsent(t.get("E")!)).toBe(false);
    expect(chronicStatus(t.get("E")!)).toBe("no");
  });

  it("one absence in one session is provisional, never a chronic flag (the school's minimum, default 10)", () => {
    const one = tallyByStudent(
      [{ id: "s1", classId: "k", date: "2026-12-01" }],
      [{ sessionId: "s1", studentId: "Z", status: "UNEXCUSED_ABSENCE" }],
      [{ classId: "k", studentId: "Z", beginDate: null, endDate: null }],
    ).get("Z")!;
    expect(one).toMatchObject({ marked: 1, absenceRate: 1 });
    expect(chronicStatus(one)).toBe("provisional");
    expect(chronicStatus(one, 1)).toBe("chronic");
  });
});

describe("dailyRates", () => {
  const days = new Map(dailyRates(sessions, records, enrollments).map((d) => [d.date, d]));

  it("has one row per date with sessions, in order", () => {
    expect([...days.keys()]).toEqual(C1_DATES);
  });

  it("counts only enrolled students on each date", () => {
    // 11-02: A P, C P, D P, E P (B's record is before enrollment).
    expect(days.get("2026-11-02")).toMatchObject({ sessionsHeld: 1, marked: 4, attended: 4, attendanceRate: 1 });
    // 11-04: C1 A T, C P, D P, E P; C2 E U.
    expect(days.get("2026-11-04")).toMatchObject({ sessionsHeld: 2, marked: 5, attended: 4, tardy: 1, unexcused: 1, attendanceRate: 0.8 });
    // 11-06: A E, C P, E P (D left on 11-05, B not yet enrolled).
    expect(days.get("2026-11-06")).toMatchObject({ marked: 3, attended: 2, excused: 1 });
    // 11-13: A P, B P, E P, C not marked.
    expect(days.get("2026-11-13")).toMatchObject({ marked: 3, unmarked: 1, attendanceRate: 1 });
  });
});
