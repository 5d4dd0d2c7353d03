// Walks the authorization matrix (tests/e2e/authz-matrix.ts): every route and server action
// of this build, called over HTTP as each kind of caller, including guessed ids of another
// teacher's class. Fails when the build has a route or action the table does not list.
import fs from "node:fs";
import { frames, syntheticFace } from "../support/synthetic-faces";
import { MAX_PHOTO_BYTES, MAX_REQUEST_BYTES } from "@/lib/limits";
import path from "node:path";
import { expect, request, test, type APIRequestContext, type Browser } from "@playwright/test";
import { openSessionNow, sessionFor } from "@/lib/attendance/session";
import { FACE_MODEL_ID } from "@/lib/face/types";
import { createKiosk, KIOSK_COOKIE, pairKiosk, revokeKiosk } from "@/lib/kiosk/devices";
import { builtServerActions, serverAction } from "../support/server-actions";
import {
  ACTIONS,
  ACTIONS_NOT_CALLED,
  CALLERS,
  MISSING_RECORD_CALLS,
  MISSING_RECORD_NOT_CALLED,
  NO_SUCH_ID,
  NOT_ROUTES,
  ROUTES,
  type ActionArgs,
  type Caller,
  type Ids,
  type RouteOutcome,
} from "./authz-matrix";
import { ADMIN, OTHER_TEACHER, TEACHER, testDb } from "./fixtures";
import { signIn } from "./helpers";

test.describe.configure({ mode: "serial", timeout: 180_000 });

/** The app's routes in the current build (pages and route handlers), from Next's manifest. */
const builtRoutes = () =>
  Object.keys(JSON.parse(fs.readFileSync(path.resolve(".next/server/app-paths-manifest.json"), "utf8")) as Record<string, string>);

let ids: Ids;
const callers = new Map<Caller, APIRequestContext>();

/** A request context with the cookies of a sign-in through the real page. */
async function signedIn(browser: Browser, baseURL: string, who: { email: string; password: string }): Promise<APIRequestContext> {
  const context = await browser.newContext({ baseURL });
  await signIn(await context.newPage(), who);
  const storageState = await context.storageState();
  await context.close();
  return request.newContext({ baseURL, storageState });
}

test.beforeAll(async ({ browser }, info) => {
  const baseURL = info.project.use.baseURL!;
  const db = testDb();
  const [tess, otto] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { email: TEACHER.email } }),
    db.user.findUniqueOrThrow({ where: { email: OTHER_TEACHER.email } }),
  ]);
  const a = await db.class.create({
    data: {
      code: "AUTHZ-A",
      title: "Authz A",
      teachers: { create: { userId: tess.id } },
      meetings: { create: { weekday: 2, startMinute: 180, endMinute: 230 } },
    },
  });
  await db.class.create({ data: { code: "AUTHZ-B", title: "Authz B", teachers: { create: { userId: otto.id } } } });
  const student = await db.student.create({
    data: { identifier: "AZ1", givenName: "Azra", familyName: "Authz", consentStatus: "GRANTED", consentAt: new Date() },
  });
  await db.enrollment.create({ data: { classId: a.id, studentId: student.id } });
  const photo = await db.facePhoto.create({
    data: {
      studentId: student.id,
      mimeType: "image/jpeg",
      bytes: fs.readFileSync("tests/fixtures/faces/strangers/happy.jpg"),
      sha256: "authz",
      width: 1,
      height: 1,
    },
  });
  const slot = (startsAt: string, minutes: number) => ({
    classId: a.id,
    date: startsAt.slice(0, 10),
    startsAt: new Date(startsAt),
    endsAt: new Date(Date.parse(startsAt) + minutes * 60_000),
    tardyAt: new Date(Date.parse(startsAt) + 10 * 60_000),
  });
  // Far in the future, so no closing timer touches them during the walk.
  const session = await sessionFor(db, slot("2030-01-08T03:00:00Z", 50));
  const spare = await sessionFor(db, slot("2030-01-08T05:00:00Z", 50));
  ids = {
    classA: a.id,
    classCodeA: a.code,
    sessionA: session.id,
    spareSessionA: spare.id,
    studentA: student.id,
    photoA: photo.id,
    teacherA: tess.id,
  };
  const at = new Date();
  const paired = await pairKiosk(db, (await createKiosk(db, { name: "Authz door", classId: a.id }, { label: "test" }, at)).code, at);
  const revoked = await pairKiosk(db, (await createKiosk(db, { name: "Authz old", classId: a.id }, { label: "test" }, at)).code, at);
  await revokeKiosk(db, (await db.kiosk.findFirstOrThrow({ where: { name: "Authz old" } })).id, { label: "test" });
  await db.$disconnect();

  const withCookie = (value: string) =>
    request.newContext({
      baseURL,
      storageState: {
        cookies: [
          {
            name: KIOSK_COOKIE,
            value,
            domain: new URL(baseURL).hostname,
            path: "/",
            expires: -1,
            httpOnly: true,
            secure: false,
            sameSite: "Strict",
          },
        ],
        origins: [],
      },
    });
  callers.set("anonymous", await request.newContext({ baseURL }));
  callers.set("admin", await signedIn(browser, baseURL, ADMIN));
  callers.set("teacher", await signedIn(browser, baseURL, TEACHER));
  callers.set("otherTeacher", await signedIn(browser, baseURL, OTHER_TEACHER));
  callers.set("kiosk", await withCookie(paired!.token));
  callers.set("revokedKiosk", await withCookie(revoked!.token));
});

test.afterAll(async () => {
  for (const c of callers.values()) await c.dispose();
});

/** A server action over HTTP, encoded as React's client does (FormData arguments as "$K" parts). */
async function callAction(ctx: APIRequestContext, page: string, id: string, args: ActionArgs) {
  const headers = { "Next-Action": id, Accept: "text/x-component" };
  let res;
  if ("plain" in args) {
    res = await ctx.post(page, {
      headers: { ...headers, "Content-Type": "text/plain;charset=UTF-8" },
      data: JSON.stringify(args.plain),
      maxRedirects: 0,
    });
  } else {
    // The root "0" goes last: the server decodes the stream in order and resolves "$K1" when it reads the root.
    const multipart = new FormData();
    for (const [k, v] of Object.entries(args.form)) multipart.append(`_1_${k}`, v);
    multipart.append("0", JSON.stringify(args.prev === false ? ["$K1"] : [null, "$K1"]));
    res = await ctx.post(page, { headers, multipart, maxRedirects: 0 });
  }
  const body = await res.text();
  const row = body.split("\n").find((l) => l.startsWith("1:"));
  return { status: res.status(), location: res.headers()["location"] ?? "", value: row ? row.slice(2) : "" };
}

/** A page that has the action (the one beside its file if it can), with class A's ids in dynamic segments. */
function pageFor(file: string, workers: string[]): string {
  const home = path.dirname(file);
  const worker = [...workers].sort((x, y) => Number(!x.startsWith(home)) - Number(!y.startsWith(home)) || x.length - y.length)[0];
  return (
    worker
      .replace(/^app/, "")
      .replace(/\/page$/, "")
      .replace("[id]", worker.includes("sessions") ? ids.sessionA : worker.includes("students") ? ids.studentA : ids.classA) || "/"
  );
}

function outcomeOf(status: number, location: string): RouteOutcome | number {
  if (status >= 300 && status < 400) return /\/login/.test(location) ? "login" : "redirect";
  return status;
}

test("every route of the build is in the matrix, and every caller gets what the matrix says", async () => {
  const built = builtRoutes().filter((r) => !NOT_ROUTES.includes(r));
  const listed = ROUTES.map((r) => r.route);
  expect(
    built.filter((r) => !listed.includes(r)),
    "routes missing from tests/e2e/authz-matrix.ts",
  ).toEqual([]);
  expect(
    listed.filter((r) => !built.includes(r)),
    "matrix rows for routes that no longer exist",
  ).toEqual([]);
  const wrong: string[] = [];
  let checks = 0;
  for (const row of ROUTES) {
    for (const caller of CALLERS) {
      const ctx = callers.get(caller)!;
      const res =
        row.post === undefined
          ? await ctx.get(row.url(ids), { maxRedirects: 0 })
          : await ctx.post(row.url(ids), { data: row.post, maxRedirects: 0 });
      const got = outcomeOf(res.status(), res.headers()["location"] ?? "");
      checks++;
      if (got !== row.expect[caller]) wrong.push(`${row.route} as ${caller}: expected ${row.expect[caller]}, got ${got}`);
    }
  }
  console.log(`authorization matrix: ${ROUTES.length} routes × ${CALLERS.length} callers = ${checks} checks`);
  expect(wrong).toEqual([]);
});

test("every server action of the build is in the matrix, and refuses every caller it must", async () => {
  const built = [...new Set(Object.values(builtServerActions()).map((a) => `${a.filename}#${a.exportedName}`))];
  const listed = [...ACTIONS, ...ACTIONS_NOT_CALLED].map((a) => `${a.file}#${a.name}`);
  expect(
    built.filter((a) => !listed.includes(a)),
    "server actions missing from tests/e2e/authz-matrix.ts",
  ).toEqual([]);
  expect(
    listed.filter((a) => !built.includes(a)),
    "matrix rows for actions that no longer exist",
  ).toEqual([]);
  const wrong: string[] = [];
  let checks = 0;
  for (const row of ACTIONS) {
    const { id, workers } = serverAction(row.file, row.name);
    const page = pageFor(row.file, workers);
    for (const caller of CALLERS) {
      const res = await callAction(callers.get(caller)!, page, id, row.args(ids));
      checks++;
      // res.value is the action's return value as JSON text.
      const refused =
        res.status >= 300 && res.status < 400 ? /\/login/.test(res.location) : row.refusal !== null && row.refusal.test(res.value);
      const allowed = row.allowed.includes(caller);
      if (res.status >= 500) wrong.push(`${row.name} as ${caller}: server error ${res.status}`);
      else if (allowed && refused)
        wrong.push(`${row.name} as ${caller}: refused but should be allowed (${res.status} ${res.location}${res.value})`);
      else if (!allowed && !refused)
        wrong.push(`${row.name} as ${caller}: allowed but should be refused (${res.status} ${res.value.slice(0, 160)})`);
    }
  }
  // Wrong types, as a caller that bypasses the page can send them: every action answers (no
  // server error), as its first allowed caller, to a number and a string where its arguments go.
  let hostile = 0;
  for (const row of ACTIONS.filter((r) => r.allowed.length)) {
    const { id, workers } = serverAction(row.file, row.name);
    const page = pageFor(row.file, workers);
    for (const args of [[42, "not a form"], ["not a form"], [{ __proto__: { polluted: true } }, null]]) {
      const res = await callAction(callers.get(row.allowed[0])!, page, id, { plain: args });
      hostile++;
      if (res.status >= 500) wrong.push(`${row.name} with ${JSON.stringify(args)}: server error ${res.status}`);
    }
  }
  console.log(
    `authorization matrix: ${ACTIONS.length} server actions × ${CALLERS.length} callers = ${checks} checks; ${hostile} wrong-type calls`,
  );
  expect(wrong).toEqual([]);
});

test("every action on a record that does not exist answers Not found, never a server error", async () => {
  // Every action on a record has a missing-record call: those that read a record id from their
  // form (onRecord, recordId), and those whose allowed call names one (a field `id` or `…Id`).
  const fromSource = [...new Set(ACTIONS.map((row) => row.file))].flatMap((file) =>
    fs
      .readFileSync(file, "utf8")
      .split(/\nexport (?:const|async function) /)
      .slice(1)
      .filter((part) => /onRecord\(|recordId\(/.test(part))
      .map((part) => `${file}#${part.match(/^\w+/)![0]}`),
  );
  const fromCalls = ACTIONS.filter((row) => {
    const args = row.args(ids);
    const fields = "form" in args ? Object.keys(args.form) : Object.keys((args.plain[0] as object | null) ?? {});
    return fields.some((f) => f === "id" || f.endsWith("Id") || f.endsWith("Ids"));
  }).map((row) => `${row.file}#${row.name}`);
  const takesId = [...new Set([...fromSource, ...fromCalls])];
  const called = MISSING_RECORD_CALLS.map((c) => `${c.file}#${c.name}`);
  expect(
    takesId.filter((a) => !called.includes(a) && !MISSING_RECORD_NOT_CALLED.includes(a)),
    "actions on a record without a missing-record call",
  ).toEqual([]);
  const db = testDb();
  const audits = await db.auditLog.count();
  const wrong: string[] = [];
  for (const call of MISSING_RECORD_CALLS) {
    const row = ACTIONS.find((r) => r.file === call.file && r.name === call.name)!;
    const { id, workers } = serverAction(call.file, call.name);
    const res = await callAction(callers.get(row.allowed[0])!, pageFor(call.file, workers), id, call.args(ids));
    const what = `${call.name} ${JSON.stringify(call.args(ids)).slice(0, 120)}`;
    if (res.status >= 500) wrong.push(`${what}: server error ${res.status}`);
    else if (!/"code":"not_found"|"message":"Not found\."/.test(res.value)) wrong.push(`${what}: ${res.status} ${res.value.slice(0, 200)}`);
  }
  console.log(`missing records: ${MISSING_RECORD_CALLS.length} calls with the id ${NO_SUCH_ID}`);
  expect(wrong).toEqual([]);
  // Nothing was written for a record that is not there.
  expect(await db.auditLog.count()).toBe(audits);
  await db.$disconnect();
});

test("hostile kiosk bodies over HTTP get a clear answer and write nothing", async () => {
  const kiosk = callers.get("kiosk")!;
  const db = testDb();
  const counts = () =>
    Promise.all([db.attendanceRecord.count(), db.checkInAttempt.count(), db.classSession.count(), db.kioskEvent.count()]);
  const before = await counts();
  const frame = (v: string) => `[${Array(128).fill(v).join(",")}]`;
  const bodies: [string, string, number, RegExp][] = [
    ["NaN", `{"faces":[{"trackId":"t","frames":[${frame("NaN")}]}]}`, 400, /not valid JSON/],
    ["a huge number", `{"faces":[{"trackId":"t","frames":[${frame("1e400")}]}]}`, 400, /finite|number/i],
    ["20 frames", `{"faces":[{"trackId":"t","frames":[${Array(20).fill(frame("0.01")).join(",")}]}]}`, 400, /At most 5 frames/],
    ["a string where the faces go", `["faces"]`, 400, /expected object/i],
    ["a malformed event id", `{"faces":[{"trackId":"t","eventId":"x","frames":[${frame("0.01")}]}]}`, 400, /event id/],
    ["a capture time that is no time", `{"faces":[{"trackId":"t","capturedAt":"yesterday","frames":[${frame("0.01")}]}]}`, 400, /ISO 8601/],
    ["not JSON", `faces=1`, 400, /not valid JSON/],
  ];
  for (const [what, body, status, message] of bodies) {
    // A Buffer goes as is (a string with a JSON content type would be encoded as a JSON string).
    const res = await kiosk.post("/api/kiosk/v1/check-ins", { headers: { "Content-Type": "application/json" }, data: Buffer.from(body) });
    const text = await res.text();
    expect(res.status(), what).toBe(status);
    expect(text, what).toMatch(/"error":"invalid"/);
    expect(text, what).toMatch(message);
  }
  // Form-encoded: the kiosk API takes JSON only.
  const form = await kiosk.post("/api/kiosk/v1/check-ins", {
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    data: "faces=1",
  });
  expect(form.status()).toBe(415);
  // 10,000 descriptors (about 6 MB) in one call: over the API's 256 KB body cap, refused unread.
  const many = await kiosk.post("/api/kiosk/v1/check-ins", {
    headers: { "Content-Type": "application/json" },
    data: Buffer.from(`{"faces":[{"trackId":"t","frames":[${Array(10_000).fill(frame("0.01")).join(",")}]}]}`),
  });
  expect(many.status()).toBe(413);
  // Over the 12 MB body limit of the server itself.
  const huge = await kiosk.post("/api/kiosk/v1/check-ins", {
    headers: { "Content-Type": "application/json" },
    data: Buffer.from("x".repeat(13 * 2 ** 20)),
  });
  expect(huge.status()).toBe(413);
  expect(await counts()).toEqual(before);
  await db.$disconnect();
});

test("what a kiosk receives: one student's short name and status, never a template, distance, score or other names", async () => {
  const db = testDb();
  const klass = await db.class.findUniqueOrThrow({ where: { code: "AUTHZ-A" } });
  const v = (person: number) => syntheticFace(1000 + person);
  for (const [i, name] of ["Wiremark", "Othername"].entries()) {
    const s = await db.student.create({ data: { identifier: `AZW${i}`, givenName: name, familyName: "Probe", consentStatus: "GRANTED" } });
    await db.enrollment.create({ data: { classId: klass.id, studentId: s.id } });
    await db.faceTemplate.create({
      data: { studentId: s.id, descriptor: new Uint8Array(Float32Array.from(v(i)).buffer), modelId: FACE_MODEL_ID },
    });
  }
  await openSessionNow(db, klass.id, (await db.user.findUniqueOrThrow({ where: { email: TEACHER.email } })).id, new Date(), 30);
  await db.$disconnect();
  const reply = await callers
    .get("kiosk")!
    .post("/api/kiosk/v1/check-ins", { data: { faces: [{ trackId: "w", frames: frames(v(0), 2) }] } });
  expect(reply.status()).toBe(200);
  const res = { value: await reply.text() };
  const value = JSON.parse(res.value);
  expect(value).toMatchObject({
    ok: true,
    inSession: true,
    classTitle: "Authz A",
    faces: [{ trackId: "w", outcome: "marked", student: { name: "Wiremark P.", status: expect.any(String), time: expect.any(String) } }],
  });
  const keys = new Set<string>();
  JSON.stringify(value, (k, x) => (keys.add(k), x));
  expect([...keys].filter(Boolean).sort()).toEqual(
    ["classTitle", "faces", "inSession", "name", "ok", "outcome", "serverTime", "status", "student", "time", "trackId", "0"].sort(),
  );
  // (The server's clock, for the screen's, is the one number with decimals it may carry.)
  expect(res.value.replace(/"serverTime":"[^"]*"/, "")).not.toMatch(
    /Othername|Probe|AZW|distance|score|margin|descriptor|template|\d\.\d{3}/i,
  );
});

test("a kiosk sending faster than its limit is told to slow down; a client claiming https gets no Secure cookie", async ({}, info) => {
  const answers = await Promise.all(
    Array.from({ length: 40 }, () => callers.get("kiosk")!.post("/api/kiosk/v1/check-ins", { data: { faces: [] } })),
  );
  expect(answers.filter((a) => a.status() === 429).length).toBeGreaterThan(0);
  // X-Forwarded-Proto from a client that is not a trusted proxy is dropped (scripts/server.ts): the
  // cookie stays httpOnly and strict, without Secure. Behind the real proxy it is Secure (deploy.spec.ts).
  const db = testDb();
  const { code } = await createKiosk(db, { name: "Authz https", classId: ids.classA }, { label: "test" }, new Date());
  await db.$disconnect();
  const anon = await request.newContext({ baseURL: info.project.use.baseURL });
  const { id: pair } = serverAction("app/kiosk/actions.ts", "pairAction");
  const multipart = new FormData();
  multipart.append("_1_code", code);
  multipart.append("0", JSON.stringify([null, "$K1"]));
  const res = await anon.post("/kiosk/pair", {
    headers: { "Next-Action": pair, "x-forwarded-proto": "https" },
    multipart,
    maxRedirects: 0,
  });
  const cookie =
    res.headersArray().find((h) => h.name.toLowerCase() === "set-cookie" && h.value.startsWith("rollcall_kiosk="))?.value ?? "";
  expect(cookie).not.toMatch(/; Secure/i);
  expect(cookie).toMatch(/; HttpOnly/i);
  expect(cookie).toMatch(/; SameSite=Strict/i);
  await anon.dispose();
});

test("one body limit: a photo just over its 10 MB limit gets the size message, a body over 12 MB is refused", async () => {
  const { id } = serverAction("app/admin/students/actions.ts", "enrollPhotoAction");
  const post = (bytes: number) => {
    const photo = Buffer.alloc(bytes, 0x20);
    photo.set([0xff, 0xd8, 0xff, 0xe0]); // a JPEG's first bytes
    // In this order: the root "0" last (React decodes the stream in order; see callAction).
    const multipart = new FormData();
    multipart.append("_1_studentId", ids.studentA);
    multipart.append("_1_photo", new File([photo], "big.jpg", { type: "image/jpeg" }));
    multipart.append("_1_face", JSON.stringify({ descriptor: syntheticFace(7), score: 0.9, faceWidth: 120 }));
    multipart.append("0", JSON.stringify(["$K1"]));
    return callers
      .get("admin")!
      .post(`/admin/students/${ids.studentA}`, { headers: { "Next-Action": id, Accept: "text/x-component" }, multipart, maxRedirects: 0 });
  };
  // Under the request limit, over the photo limit: the app's own message (the proxy cut such bodies at 10 MB).
  const justOver = await post(MAX_PHOTO_BYTES + 300 * 1024);
  expect(justOver.status()).toBe(200);
  expect(await justOver.text()).toContain(`The photo is larger than ${MAX_PHOTO_BYTES / 2 ** 20} MB.`);
  // Over the request limit: refused before the action runs.
  const over = await post(MAX_REQUEST_BYTES + 1024);
  expect(over.status()).toBe(413);
  expect(await over.text()).toContain("Too large: at most 12 MB in one request.");
  const db = testDb();
  expect(await db.facePhoto.count({ where: { studentId: ids.studentA } })).toBe(1);
  await db.$disconnect();
});

test("a teacher's former student: photo and student report by URL answer Not found; the admin still sees them", async () => {
  const db = testDb();
  const enrollment = await db.enrollment.findFirstOrThrow({ where: { studentId: ids.studentA, classId: ids.classA } });
  await db.enrollment.update({ where: { id: enrollment.id }, data: { endDate: "2020-01-31" } });
  try {
    const teacher = callers.get("teacher")!;
    expect((await teacher.get(`/teacher/photos/${ids.photoA}`)).status()).toBe(404);
    expect((await teacher.get(`/reports/students/${ids.studentA}`)).status()).toBe(404);
    expect((await callers.get("admin")!.get(`/reports/students/${ids.studentA}`)).status()).toBe(200);
  } finally {
    await db.enrollment.update({ where: { id: enrollment.id }, data: { endDate: null } });
    await db.$disconnect();
  }
});
