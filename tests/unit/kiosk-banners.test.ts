// The kiosk's banners (lib/kiosk/banners.ts): one per tracked face, and one recorded answer per
// student, so a student who steps away and back is not shown "Present" and "Already checked in" at once.
import { describe, expect, it } from "vitest";
import { MAX_BANNERS, SAVED_SHOW_MS, SHOW_MS, withBanner } from "@/lib/kiosk/banners";

type B = { id: number; kind: string; trackId?: string; name?: string; at: number };
const ids = (bs: B[]) => bs.map((b) => b.id);

describe("kiosk banners", () => {
  it("a new track's 'already' for a student still shown as present replaces that banner", () => {
    const present: B = { id: 1, kind: "present", trackId: "t1", name: "Amy F.", at: 0 };
    const other: B = { id: 2, kind: "late", trackId: "t2", name: "Raj K.", at: 500 };
    const again: B = { id: 3, kind: "already", trackId: "t3", name: "Amy F.", at: 2000 };
    expect(ids(withBanner([other, present], again))).toEqual([3, 2]);
  });

  it("the same face's newer answer replaces its banner; other students and other kinds stay", () => {
    const unknown: B = { id: 1, kind: "unknown", trackId: "t1", at: 0 };
    const amy: B = { id: 2, kind: "present", trackId: "t1", name: "Amy F.", at: 1000 };
    expect(ids(withBanner([unknown], amy))).toEqual([2]);
    // Not a recorded answer: the teacher's "see your teacher" stays beside a present of the same name.
    const seeTeacher: B = { id: 3, kind: "see_teacher", trackId: "t2", name: "Amy F.", at: 1500 };
    expect(ids(withBanner([amy], seeTeacher))).toEqual([3, 2]);
    const raj: B = { id: 4, kind: "already", trackId: "t3", name: "Raj K.", at: 1600 };
    expect(ids(withBanner([amy], raj))).toEqual([4, 2]);
    // A PIN check-in has no track: only the name matches.
    const pin: B = { id: 5, kind: "already", name: "Amy F.", at: 1700 };
    expect(ids(withBanner([raj, amy], pin))).toEqual([5, 4]);
  });

  it("banners past their time go; a 'saved' one stays longer; at most a screenful", () => {
    const old: B = { id: 1, kind: "present", trackId: "t1", name: "Amy F.", at: 0 };
    const saved: B = { id: 2, kind: "saved", trackId: "t2", at: 0 };
    const next: B = { id: 3, kind: "already", trackId: "t3", name: "Amy F.", at: SHOW_MS };
    expect(ids(withBanner([saved, old], next))).toEqual([3, 2]);
    expect(ids(withBanner([saved], { ...next, name: "Raj K.", at: SAVED_SHOW_MS }))).toEqual([3]);
    const many = Array.from({ length: 10 }, (_, i): B => ({ id: i, kind: "unknown", trackId: `t${i}`, at: 0 }));
    expect(withBanner(many, { id: 99, kind: "unknown", trackId: "new", at: 1 })).toHaveLength(MAX_BANNERS);
  });
});
