// Kiosk check-in: descriptors of tracked faces → identified among the whole school →
// decided for the class in session (lib/face/identify.ts) → attendance records, written once
// per session and student. What goes back to the kiosk is only what a student may see on the
// screen: a first name and last initial, the status and the time. Never a roster, a template,
// a distance or a score.
import type { ClassSession, Kiosk, PrismaClient } from "@/lib/generated/prisma/client";
import type { AttemptOutcome, AttendanceStatus, LivenessMode } from "@/lib/generated/prisma/enums";
import { writeAudit } from "@/lib/audit";
import { implausibleTrack } from "@/lib/face/plausibility";
import { bytesToDescriptor, Gallery } from "@/lib/face/match";
import { identifyTrack, isLookAlike } from "@/lib/face/identify";
import { FACE_MODEL_ID } from "@/lib/face/types";
import { kioskClassIds } from "@/lib/kiosk/devices";
import { localTime, type SchoolClock } from "@/lib/dates";
import { attemptMeeting, currentSlot, sessionFor, type SessionSlot } from "./session";
import { refreshWaitingNotices } from "@/lib/notices/outbox";
import { schoolSettings, type SchoolSettings } from "@/lib/settings";
import { studentShortName } from "@/lib/names";
import { enrolledOnWhere } from "@/lib/access";
import { isUniqueViolation } from "@/lib/db/races";
import { checkInSchema } from "@/lib/validations/kiosk";
import type { FaceAnswer, OutsideSession, RefusedReason, ShownStudent } from "@/lib/kiosk/protocol";
import { outsideSession } from "@/lib/kiosk/timetable";
import { answerChallenge, CHALLENGE_FAILED_MESSAGE, effectiveLiveness, startChallenge } from "./liveness";

export type { ShownStudent };
type FaceOutcome = FaceAnswer;

export type CheckInResult =
  | { ok: true; inSession: true; classTitle: string; faces: FaceOutcome[] }
  | ({ ok: true; inSession: false; faces: FaceOutcome[] } & OutsideSession)
  | { ok: false; error: "invalid" | "paused"; message: string };

/**
 * Bounds on when a face may have been seen, for check-ins a kiosk kept while offline: not in
 * the future (beyond a screen's clock error), not more than a day back, and not after the
 * session's end plus the school's offline grace (`offlineGraceMinutes`).
 */
export const CAPTURE_BOUNDS = { futureToleranceMs: 30_000, maxAgeMs: 24 * 3600_000, lateAfterMs: 60_000 };
const REFUSED: Record<RefusedReason, string> = {
  too_old: "Seen too long ago: check-ins kept offline are taken until the session's end plus the school's grace period.",
  in_future: "Dated in the future: the screen's clock is wrong. Ask IT to set it (automatic time).",
  liveness_required: "This class asks for a head turn, which needs the screen online: use your PIN or see your teacher.",
};

export const PAUSED_MESSAGE = "Face check-in is paused on this screen until an admin resumes it. Use your PIN or see your teacher.";

/**
 * The probing alarm: a kiosk whose probes mark nobody at a rate no classroom door produces (a
 * poster on the wall, retried every 4 s, is 15 a minute; a class arriving leaves a few pending),
 * or that sends descriptors no camera gives, is paused until an admin resumes it.
 */
export const PROBE_ALARM = { perMinute: 30, implausiblePer10Minutes: 10 };

/** Every active, consenting student of the school with templates: the gallery a probe is identified in. */
type SchoolGallery = { gallery: Gallery; names: Map<string, string>; confirmedLookAlikes: Set<string> };
/** The students on a class's list on a date: the class the decision is made for. */
type ClassList = { title: string; members: Set<string>; liveness: LivenessMode | null };

async function loadSchoolGallery(db: PrismaClient): Promise<SchoolGallery> {
  const templates = await db.faceTemplate.findMany({
    where: { modelId: FACE_MODEL_ID, student: { status: "ACTIVE", consentStatus: "GRANTED" } },
    select: {
      studentId: true,
      descriptor: true,
      lookAlikeConfirmed: true,
      student: { select: { preferredName: true, givenName: true, familyName: true } },
    },
  });
  return {
    gallery: Gallery.fromTemplates(templates.map((t) => ({ studentId: t.studentId, descriptor: bytesToDescriptor(t.descriptor) }))),
    names: new Map(templates.map((t) => [t.studentId, studentShortName(t.student)])),
    confirmedLookAlikes: new Set(templates.filter((t) => t.lookAlikeConfirmed).map((t) => t.studentId)),
  };
}

async function loadClassList(db: PrismaClient, slot: SessionSlot): Promise<ClassList> {
  const klass = await db.class.findUniqueOrThrow({
    where: { id: slot.classId },
    select: {
      title: true,
      liveness: true,
      enrollments: {
        where: {
          ...enrolledOnWhere(slot.date),
        },
        select: { studentId: true },
      },
    },
  });
  return { title: klass.title, liveness: klass.liveness, members: new Set(klass.enrollments.map((e) => e.studentId)) };
}

// The school's gallery and recent class lists stay in memory, so a check-in does not decode
// every template (profiled: loading 2,000 templates per call was most of a 47 ms check-in).
// A cached entry is used only while GalleryVersion is unchanged: SQL triggers bump it on any
// write to templates, enrollments or students (consent withdrawn, photo deleted, student
// archived…), from this process or another, so nothing is ever stale. Class updates bump it
// too (a class list holds the class title).
// Per database client: tests and tools open several databases in one process.
const schools = new WeakMap<PrismaClient, { version: number; loading: Promise<SchoolGallery> }>();
const classLists = new Map<string, ClassList & { version: number }>();
const MAX_CACHED_CLASS_LISTS = 256;

async function galleryVersion(db: PrismaClient): Promise<number> {
  return (await db.galleryVersion.findUnique({ where: { id: 1 } }))?.version ?? -1;
}

/** The school's gallery for GalleryVersion `version` (read by the caller before anything else). */
export function schoolGallery(db: PrismaClient, version: number): Promise<SchoolGallery> {
  const cached = schools.get(db);
  if (cached && cached.version === version && version >= 0) return cached.loading;
  // Concurrent check-ins after a change share one load.
  const loading = loadSchoolGallery(db);
  schools.set(db, { version, loading });
  loading.catch(() => schools.delete(db));
  return loading;
}

export async function classList(db: PrismaClient, slot: SessionSlot, version: number): Promise<ClassList> {
  const key = `${slot.classId} ${slot.date}`;
  const cached = classLists.get(key);
  if (cached && cached.version === version && version >= 0) return cached;
  const loaded = await loadClassList(db, slot);
  if (classLists.size >= MAX_CACHED_CLASS_LISTS) classLists.delete(classLists.keys().next().value!);
  classLists.set(key, { ...loaded, version });
  return loaded;
}

type Marked = { outcome: "marked" | "already"; student: ShownStudent } | { outcome: "see_teacher"; closed: boolean; student: ShownStudent };

/**
 * Writes the student's record for the session unless there is one (unique per session and
 * student). A check-in seen before the close but delivered after it (`receivedAt`, kept
 * offline), or seen after a teacher closed the session early (Tardy, "after close"), replaces
 * the absence the closing wrote, and brings a waiting guardian notice up to date; anything a
 * person recorded stands.
 */
export async function markStudent(
  db: PrismaClient,
  args: {
    sessionId: string;
    tardyAt: Date;
    /** When the session was closed, if it was (a teacher's early close). */
    closedAt?: Date | null;
    studentId: string;
    at: Date;
    method: "FACE" | "PIN";
    kioskId: string;
    distance?: number;
    /** How the confirmation writes the time (the school's zone and format). */
    clock: SchoolClock;
    name?: string;
    /** When it reached the server, for a check-in seen earlier (kept offline). */
    receivedAt?: Date;
    /** Confirmed by the head-turn challenge as well. */
    headTurn?: boolean;
  },
): Promise<Marked> {
  const name =
    args.name ??
    studentShortName(
      await db.student.findUniqueOrThrow({
        where: { id: args.studentId },
        select: { preferredName: true, givenName: true, familyName: true },
      }),
    );
  const shown = (status: AttendanceStatus, at: Date): ShownStudent => ({
    name,
    status: status === "PRESENT" || status === "TARDY" ? status : "OTHER",
    time: localTime(at, args.clock),
  });
  // After the session was closed, arriving is late whatever the tardy time says.
  const statusAt = (closedAt: Date | null | undefined): AttendanceStatus =>
    args.at >= args.tardyAt || (closedAt && args.at >= closedAt) ? "TARDY" : "PRESENT";
  const data = (status: AttendanceStatus) => ({
    status,
    markedAt: args.at,
    receivedAt: args.receivedAt ?? null,
    method: args.method,
    matchDistance: args.distance ?? null,
    kioskId: args.kioskId,
    headTurn: args.headTurn ?? false,
  });
  try {
    const status = statusAt(args.closedAt);
    await db.attendanceRecord.create({ data: { sessionId: args.sessionId, studentId: args.studentId, ...data(status) } });
    return { outcome: "marked", student: shown(status, args.at) };
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    // Another kiosk or an earlier frame was first: the existing record stands, unless it is the
    // closing's absence (read afresh: the session may have closed since the slot was read).
    const session = await db.classSession.findUniqueOrThrow({ where: { id: args.sessionId }, select: { closedAt: true, date: true } });
    const status = statusAt(session.closedAt);
    const afterClose = session.closedAt !== null && args.at >= session.closedAt;
    const existing = await db.attendanceRecord.findUniqueOrThrow({
      where: { sessionId_studentId: { sessionId: args.sessionId, studentId: args.studentId } },
    });
    if ((args.receivedAt || afterClose) && existing.method === "SYSTEM" && existing.status === "UNEXCUSED_ABSENCE") {
      const upgraded = await db.attendanceRecord.updateMany({
        where: { id: existing.id, method: "SYSTEM", status: "UNEXCUSED_ABSENCE" },
        // The closing's note ("Not checked in when the session closed") no longer holds.
        data: { ...data(status), note: null },
      });
      if (upgraded.count === 1) {
        await writeAudit(
          db,
          { label: `kiosk:${args.kioskId}` },
          {
            action: afterClose ? "attendance.after_close" : "attendance.synced_late",
            targetType: "AttendanceRecord",
            targetId: afterClose ? existing.id : `${args.sessionId}/${args.studentId}`,
            before: { status: "UNEXCUSED_ABSENCE", method: "SYSTEM" },
            after: {
              status,
              method: args.method,
              seenAt: args.at.toISOString(),
              ...(args.receivedAt ? { receivedAt: args.receivedAt.toISOString() } : {}),
            },
          },
        );
        await refreshWaitingNotices(db, [args.studentId], session.date);
        return { outcome: "marked", student: shown(status, args.at) };
      }
    }
    // An absence recorded (by a person, or a closing the kiosk may not replace) stands: the student
    // is told to see the teacher, never "already checked in".
    if (existing.status !== "PRESENT" && existing.status !== "TARDY")
      return { outcome: "see_teacher", closed: session.closedAt !== null, student: shown(existing.status, existing.markedAt) };
    return { outcome: "already", student: shown(existing.status, existing.markedAt) };
  }
}

type Face = { trackId: string; eventId?: string; capturedAt?: string; frames: number[][]; challengeId?: string; turns?: number[] };

/**
 * Checks in the faces a kiosk sends. Each face may carry an event id (a replay of an answered
 * event gets the first answer and writes nothing) and the time it was seen (a kiosk that kept
 * it offline): the session and the status follow that time, within CAPTURE_BOUNDS.
 */
export async function checkIn(db: PrismaClient, kiosk: Kiosk, raw: unknown, at: Date): Promise<CheckInResult> {
  const input = checkInSchema.safeParse(raw);
  if (!input.success) return { ok: false, error: "invalid", message: input.error.issues[0].message };
  if (kiosk.recognitionPausedAt) return { ok: false, error: "paused", message: PAUSED_MESSAGE };
  const settings = await schoolSettings(db);
  const classIds = await kioskClassIds(db, kiosk);
  const now = await currentSlot(db, classIds, at, settings);
  const all: Face[] = input.data.faces;
  if (!now && all.every((f) => !f.capturedAt))
    return { ok: true, inSession: false, faces: [], ...(await outsideSession(db, classIds, at, settings)) };

  const faces = new Array<FaceOutcome | undefined>(all.length);
  // Events answered before: the same answer, nothing written.
  const eventIds = all.flatMap((f) => (f.eventId ? [f.eventId] : []));
  if (eventIds.length) {
    const answered = new Map(
      (await db.kioskEvent.findMany({ where: { kioskId: kiosk.id, eventId: { in: eventIds } } })).map((e) => [e.eventId, e.answer]),
    );
    all.forEach((f, i) => {
      const answer = f.eventId && answered.get(f.eventId);
      if (answer) faces[i] = { ...JSON.parse(answer), trackId: f.trackId };
    });
  }

  // The session of each face: the one in progress when it was seen.
  const groups = new Map<string, { slot: NonNullable<typeof now>; seen: Date; items: number[] }>();
  const slots = new Map<number, Promise<typeof now>>();
  for (const [i, f] of all.entries()) {
    if (faces[i]) continue;
    const seen = f.capturedAt ? new Date(f.capturedAt) : at;
    const tag = { trackId: f.trackId, ...(f.eventId ? { eventId: f.eventId } : {}) };
    const refuse = (reason: RefusedReason) => (faces[i] = { ...tag, outcome: "refused", reason, message: REFUSED[reason] });
    if (seen.getTime() > at.getTime() + CAPTURE_BOUNDS.futureToleranceMs) {
      refuse("in_future");
      continue;
    }
    if (at.getTime() - seen.getTime() > CAPTURE_BOUNDS.maxAgeMs) {
      refuse("too_old");
      continue;
    }
    const late = at.getTime() - seen.getTime() >= CAPTURE_BOUNDS.lateAfterMs;
    const when = late ? seen : at;
    if (!slots.has(when.getTime())) slots.set(when.getTime(), late ? currentSlot(db, classIds, when, settings) : Promise.resolve(now));
    const slot = await slots.get(when.getTime())!;
    if (!slot) {
      faces[i] = { ...tag, outcome: "not_in_session" };
      continue;
    }
    if (late && at.getTime() > slot.endsAt.getTime() + settings.offlineGraceMinutes * 60_000) {
      refuse("too_old");
      continue;
    }
    const key = `${slot.classId} ${slot.startsAt.getTime()} ${late ? when.getTime() : "now"}`;
    const group = groups.get(key) ?? { slot, seen: when, items: [] };
    group.items.push(i);
    groups.set(key, group);
  }

  let title: string | undefined;
  for (const { slot, seen, items } of groups.values()) {
    const outcomes = await checkInGroup(
      db,
      kiosk,
      settings,
      slot,
      seen,
      at,
      items.map((i) => all[i]),
    );
    if (outcomes === "paused") return { ok: false, error: "paused", message: PAUSED_MESSAGE };
    if (slot === now) title = outcomes.title;
    items.forEach((i, k) => (faces[i] = outcomes.faces[k]));
  }

  // Answers to keep for replays: everything decided that marked or identified (a "pending" face
  // is sent again with more frames; a "challenge" is answered in a new event). Refusals before
  // matching are not kept: recomputed they say the same, and kept they would let one screen fill
  // the table with rows nobody needs.
  const result = faces as FaceOutcome[];
  const unkept = new Set<FaceOutcome["outcome"]>(["pending", "challenge", "refused", "not_in_session"]);
  for (const [i, f] of all.entries()) {
    const answer = result[i];
    if (!f.eventId || unkept.has(answer.outcome)) continue;
    const { trackId: _trackId, ...kept } = answer;
    try {
      await db.kioskEvent.create({ data: { kioskId: kiosk.id, eventId: f.eventId, answer: JSON.stringify(kept), createdAt: at } });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      // The same event from another tab or a retry, at the same moment: the first answer is the answer.
      const first = await db.kioskEvent.findUniqueOrThrow({ where: { kioskId_eventId: { kioskId: kiosk.id, eventId: f.eventId } } });
      result[i] = { ...JSON.parse(first.answer), trackId: f.trackId };
    }
  }

  // "Last seen" for the admin's kiosk list: a write per minute is enough.
  if (!kiosk.lastSeenAt || at.getTime() - kiosk.lastSeenAt.getTime() > 60_000)
    await db.kiosk.update({ where: { id: kiosk.id }, data: { lastSeenAt: at, lastContactAt: at } });
  if (!now) return { ok: true, inSession: false, faces: result, ...(await outsideSession(db, classIds, at, settings)) };
  title ??= (await classList(db, now, await galleryVersion(db))).title;
  return { ok: true, inSession: true, classTitle: title, faces: result };
}

/** Identifies and marks the faces seen at `seen` for one session; "paused" if the probing alarm tripped. */
async function checkInGroup(
  db: PrismaClient,
  kiosk: Kiosk,
  settings: SchoolSettings,
  slot: SessionSlot & { session?: ClassSession | null },
  seen: Date,
  at: Date,
  input: Face[],
): Promise<{ faces: FaceOutcome[]; title: string } | "paused"> {
  // One version read for both caches, before the templates: a write in between leaves them behind, never ahead.
  const version = await galleryVersion(db);
  const [{ gallery, names, confirmedLookAlikes }, { title, members, liveness: classLiveness }] = await Promise.all([
    schoolGallery(db, version),
    classList(db, slot, version),
  ]);
  const rules = settings.rules;
  const clock = settings.clock;
  // The session record is created by the first mark only: faces that mark nobody (a stranger,
  // a photo that fails the head turn) leave a meeting nobody attended without one.
  let session = slot.session ?? null;
  const ensureSession = async () => (session ??= await sessionFor(db, slot));
  const meeting = () => attemptMeeting({ ...slot, session });
  const mark = async (args: Omit<Parameters<typeof markStudent>[1], "sessionId" | "tardyAt" | "closedAt" | "kioskId" | "clock">) => {
    const s = await ensureSession();
    return markStudent(db, { ...args, sessionId: s.id, tardyAt: s.tardyAt, closedAt: s.closedAt, kioskId: kiosk.id, clock });
  };
  const ctx = {
    inClass: (id: string) => members.has(id),
    isLookAlike: (id: string) => confirmedLookAlikes.has(id) || isLookAlike(gallery, id, rules.threshold),
  };
  const receivedAt = seen.getTime() === at.getTime() ? undefined : at;
  const tag = (f: Face) => ({ trackId: f.trackId, ...(f.eventId ? { eventId: f.eventId } : {}) });

  // Every probe that marks nobody is counted, so recognition health and the alarm see probing.
  // Descriptors no camera gives are refused first, before anything is compared: if they trip
  // the alarm, nothing else in this call is matched either.
  const implausible = new Set(input.filter((f) => implausibleTrack(f.frames)).map((f) => f.trackId));
  if (implausible.size) {
    await db.checkInAttempt.createMany({
      data: [...implausible].map(() => ({ kioskId: kiosk.id, ...meeting(), outcome: "IMPLAUSIBLE" as const, createdAt: at })),
    });
    if (await probingAlarm(db, kiosk, at)) return "paused";
  }
  const faces: FaceOutcome[] = [];
  const unmarked: AttemptOutcome[] = [];
  const liveness = effectiveLiveness(classLiveness, settings.liveness);
  for (const face of input) {
    if (implausible.has(face.trackId)) {
      faces.push({ ...tag(face), outcome: "unknown" });
      continue;
    }
    if (face.challengeId) {
      // The answer to a head-turn challenge: marked only if the same person turned as asked.
      const result = await answerChallenge(
        db,
        { kioskId: kiosk.id, classId: slot.classId, slotStartsAt: slot.startsAt, gallery, threshold: rules.threshold },
        { trackId: face.trackId, challengeId: face.challengeId, frames: face.frames, turns: face.turns ?? [] },
        at,
      );
      if (result.passed) {
        const marked = await mark({
          studentId: result.studentId,
          at: seen,
          method: "FACE",
          headTurn: true,
          distance: result.distance,
          name: names.get(result.studentId),
        });
        faces.push({ ...tag(face), ...marked });
      } else {
        unmarked.push("LIVENESS_FAILED");
        faces.push({ ...tag(face), outcome: "challenge_failed", message: CHALLENGE_FAILED_MESSAGE });
      }
      continue;
    }
    const decision = identifyTrack(gallery, face.frames, rules, ctx);
    if (decision.decision === "match" && decision.studentId && liveness === "HEAD_TURN") {
      // Recognised, but a photo would be too: the kiosk asks for a head turn first, and learns no name.
      if (receivedAt) faces.push({ ...tag(face), outcome: "refused", reason: "liveness_required", message: REFUSED.liveness_required });
      else
        faces.push({
          ...tag(face),
          ...(await startChallenge(
            db,
            {
              kioskId: kiosk.id,
              trackId: face.trackId,
              studentId: decision.studentId,
              classId: slot.classId,
              slotStartsAt: slot.startsAt,
              distance: decision.distance,
            },
            at,
          )),
        });
    } else if (decision.decision === "match" && decision.studentId) {
      const marked = await mark({
        studentId: decision.studentId,
        at: seen,
        receivedAt,
        method: "FACE",
        distance: decision.distance,
        name: names.get(decision.studentId),
      });
      faces.push({ ...tag(face), ...marked });
    } else if (decision.decision === "pending") {
      unmarked.push("PENDING");
      faces.push({ ...tag(face), outcome: "pending" });
    } else if (decision.decision === "not_in_class") {
      // Counted, never named: the attempt row holds no student.
      unmarked.push("NOT_IN_CLASS");
      faces.push({ ...tag(face), outcome: "not_in_class" });
    } else {
      unmarked.push(decision.decision === "ambiguous" ? "AMBIGUOUS" : "UNKNOWN");
      faces.push({ ...tag(face), outcome: "unknown" });
    }
  }
  if (unmarked.length) {
    await db.checkInAttempt.createMany({
      data: unmarked.map((outcome) => ({ kioskId: kiosk.id, ...meeting(), outcome, createdAt: at })),
    });
    await probingAlarm(db, kiosk, at);
  }
  return { faces, title };
}

/** Pauses face check-in on a kiosk whose unmarked probes pass the alarm's rates; audited. True when it paused it. */
export async function probingAlarm(db: PrismaClient, kiosk: Pick<Kiosk, "id" | "name">, at: Date): Promise<boolean> {
  const [lastMinute, implausible] = await Promise.all([
    db.checkInAttempt.count({
      where: { kioskId: kiosk.id, outcome: { not: "PIN_FAILED" }, createdAt: { gt: new Date(at.getTime() - 60_000), lte: at } },
    }),
    db.checkInAttempt.count({
      where: { kioskId: kiosk.id, outcome: "IMPLAUSIBLE", createdAt: { gt: new Date(at.getTime() - 600_000), lte: at } },
    }),
  ]);
  if (lastMinute < PROBE_ALARM.perMinute && implausible < PROBE_ALARM.implausiblePer10Minutes) return false;
  const reason =
    implausible >= PROBE_ALARM.implausiblePer10Minutes
      ? `${implausible} descriptors no camera gives in 10 minutes`
      : `${lastMinute} faces that marked nobody in one minute`;
  // Only the first call past the limit pauses (and audits); concurrent ones find it paused.
  const paused = await db.kiosk.updateMany({
    where: { id: kiosk.id, recognitionPausedAt: null },
    data: { recognitionPausedAt: at, recognitionPausedReason: `Probing alarm: ${reason}` },
  });
  if (paused.count === 0) return false;
  await writeAudit(
    db,
    { label: `kiosk:${kiosk.id}` },
    {
      action: "kiosk.probing_alarm",
      targetType: "Kiosk",
      targetId: kiosk.id,
      after: { pausedAt: at.toISOString(), lastMinute, implausible },
      reason: `Face check-in paused on "${kiosk.name}": ${reason}`,
    },
  );
  return true;
}
