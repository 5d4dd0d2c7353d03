// The authorization matrix: every page, route handler and server action of the app against
// every kind of caller, with the outcome each must get. tests/e2e/authz.spec.ts walks it and
// fails when the build has a route or action this table does not list.
//
// Callers: anonymous (no cookie), admin, teacher (teaches class A), otherTeacher (teaches
// class B only), kiosk (a paired screen of class A), revokedKiosk (its pairing was revoked).
// Ids are of class A's records (a teacher's own); for otherTeacher they are guessed ids of
// someone else's class, which must answer as if they did not exist.

export const CALLERS = ["anonymous", "admin", "teacher", "otherTeacher", "kiosk", "revokedKiosk"] as const;
export type Caller = (typeof CALLERS)[number];

/** Ids the URLs and action arguments use (created by the spec). */
export type Ids = {
  classA: string;
  classCodeA: string;
  sessionA: string;
  spareSessionA: string;
  studentA: string;
  photoA: string;
  /** Class A's teacher (a real teacher for setTeacherAction's missing-class call). */
  teacherA: string;
};

/** Route outcomes: HTTP status, or a redirect to the sign-in page / elsewhere. */
export type RouteOutcome = 200 | 400 | 401 | 403 | 404 | "login" | "redirect";
/** `post`: the route is called with POST and this JSON body (else GET). */
export type RouteRow = { route: string; url: (ids: Ids) => string; post?: unknown; expect: Record<Caller, RouteOutcome> };

const staffPage = (admin: RouteOutcome, teacher: RouteOutcome, otherTeacher: RouteOutcome): Record<Caller, RouteOutcome> => ({
  anonymous: "login",
  admin,
  teacher,
  otherTeacher,
  kiosk: "login",
  revokedKiosk: "login",
});
const ADMIN_ONLY = staffPage(200, 403, 403);
const ANY_STAFF = staffPage(200, 200, 200);
const OWN_CLASS = staffPage(200, 200, 404);
const PUBLIC: Record<Caller, RouteOutcome> = { anonymous: 200, admin: 200, teacher: 200, otherTeacher: 200, kiosk: 200, revokedKiosk: 200 };
const RANGE = "from=2026-11-01&to=2026-12-31";
const KIOSK_API = (kiosk: RouteOutcome): Record<Caller, RouteOutcome> => ({
  anonymous: 401,
  admin: 401,
  teacher: 401,
  otherTeacher: 401,
  kiosk,
  revokedKiosk: 401,
});

export const ROUTES: RouteRow[] = [
  {
    route: "/page",
    url: () => "/",
    expect: { anonymous: "login", admin: "redirect", teacher: "redirect", otherTeacher: "redirect", kiosk: "login", revokedKiosk: "login" },
  },
  { route: "/login/page", url: () => "/login", expect: { ...PUBLIC, admin: "redirect", teacher: "redirect", otherTeacher: "redirect" } },
  { route: "/kiosk/page", url: () => "/kiosk", expect: PUBLIC },
  { route: "/kiosk/pair/page", url: () => "/kiosk/pair?code=NOPE", expect: PUBLIC },
  { route: "/api/auth/[...nextauth]/route", url: () => "/api/auth/session", expect: PUBLIC },
  { route: "/icon.svg/route", url: () => "/icon.svg", expect: PUBLIC }, // the favicon
  { route: "/kiosk-sw.js/route", url: () => "/kiosk-sw.js", expect: PUBLIC }, // the kiosk's service worker: code, no data
  { route: "/api/health/route", url: () => "/api/health", expect: PUBLIC }, // readiness for a monitor: says which check failed, nothing more
  // The kiosk API: only a paired, unrevoked screen (its device cookie); malformed input gets it a validation answer.
  { route: "/api/kiosk/v1/status/route", url: () => "/api/kiosk/v1/status", expect: KIOSK_API(200) },
  { route: "/api/kiosk/v1/check-ins/route", url: () => "/api/kiosk/v1/check-ins", post: { faces: [] }, expect: KIOSK_API(400) },
  { route: "/api/kiosk/v1/pin-check-ins/route", url: () => "/api/kiosk/v1/pin-check-ins", post: {}, expect: KIOSK_API(400) },
  { route: "/admin/page", url: () => "/admin", expect: ADMIN_ONLY },
  { route: "/admin/students/page", url: () => "/admin/students", expect: ADMIN_ONLY },
  { route: "/admin/students/[id]/page", url: (i) => `/admin/students/${i.studentA}`, expect: ADMIN_ONLY },
  {
    route: "/admin/students/[id]/photos/[photoId]/route",
    url: (i) => `/admin/students/${i.studentA}/photos/${i.photoA}`,
    expect: ADMIN_ONLY,
  },
  { route: "/admin/classes/page", url: () => "/admin/classes", expect: ADMIN_ONLY },
  { route: "/admin/classes/[id]/page", url: (i) => `/admin/classes/${i.classA}`, expect: ADMIN_ONLY },
  { route: "/admin/teachers/page", url: () => "/admin/teachers", expect: ADMIN_ONLY },
  { route: "/admin/import/page", url: () => "/admin/import", expect: ADMIN_ONLY },
  { route: "/admin/consent/page", url: () => "/admin/consent", expect: ADMIN_ONLY },
  { route: "/admin/consent/export/route", url: () => "/admin/consent/export", expect: ADMIN_ONLY },
  { route: "/admin/students/reshoot/route", url: () => "/admin/students/reshoot", expect: ADMIN_ONLY },
  { route: "/admin/photos/page", url: () => "/admin/photos", expect: ADMIN_ONLY },
  { route: "/admin/kiosks/page", url: () => "/admin/kiosks", expect: ADMIN_ONLY },
  { route: "/admin/face-check/page", url: () => "/admin/face-check", expect: ADMIN_ONLY },
  { route: "/admin/recognition/page", url: () => "/admin/recognition", expect: ADMIN_ONLY },
  { route: "/admin/matching/page", url: () => "/admin/matching", expect: ADMIN_ONLY },
  { route: "/admin/notices/page", url: () => "/admin/notices", expect: ADMIN_ONLY },
  { route: "/admin/settings/page", url: () => "/admin/settings", expect: ADMIN_ONLY },
  // A family's opt-out: public, and it needs a signed token; a GET of the one-click link goes to the page.
  { route: "/notices/opt-out/page", url: () => "/notices/opt-out?token=nope", expect: PUBLIC },
  // A staff invite link: public, and it needs the one-time token.
  { route: "/invite/page", url: () => "/invite?token=nope", expect: PUBLIC },
  // Forgot password: asking for a reset link (signed-in staff go home), and the emailed link's page.
  {
    route: "/forgot-password/page",
    url: () => "/forgot-password",
    expect: { ...PUBLIC, admin: "redirect", teacher: "redirect", otherTeacher: "redirect" },
  },
  { route: "/reset-password/page", url: () => "/reset-password?token=nope", expect: PUBLIC },
  {
    route: "/notices/opt-out/one-click/route",
    url: () => "/notices/opt-out/one-click?token=nope",
    expect: {
      anonymous: "redirect",
      admin: "redirect",
      teacher: "redirect",
      otherTeacher: "redirect",
      kiosk: "redirect",
      revokedKiosk: "redirect",
    },
  },
  { route: "/teacher/page", url: () => "/teacher", expect: ANY_STAFF },
  { route: "/teacher/classes/[id]/live/page", url: (i) => `/teacher/classes/${i.classA}/live`, expect: OWN_CLASS },
  { route: "/teacher/classes/[id]/live/data/route", url: (i) => `/teacher/classes/${i.classA}/live/data`, expect: OWN_CLASS },
  { route: "/teacher/sessions/[id]/page", url: (i) => `/teacher/sessions/${i.sessionA}`, expect: OWN_CLASS },
  { route: "/teacher/sessions/[id]/roll-call/page", url: (i) => `/teacher/sessions/${i.sessionA}/roll-call`, expect: OWN_CLASS },
  { route: "/teacher/photos/[photoId]/route", url: (i) => `/teacher/photos/${i.photoA}`, expect: OWN_CLASS },
  { route: "/reports/page", url: () => `/reports?${RANGE}`, expect: ANY_STAFF },
  { route: "/reports/classes/[id]/page", url: (i) => `/reports/classes/${i.classA}?${RANGE}`, expect: OWN_CLASS },
  { route: "/reports/classes/[id]/export/route", url: (i) => `/reports/classes/${i.classA}/export?${RANGE}`, expect: OWN_CLASS },
  { route: "/reports/students/[id]/page", url: (i) => `/reports/students/${i.studentA}?${RANGE}`, expect: OWN_CLASS },
  { route: "/reports/students/[id]/export/route", url: (i) => `/reports/students/${i.studentA}/export?${RANGE}`, expect: OWN_CLASS },
  { route: "/reports/export/attendance/route", url: (i) => `/reports/export/attendance?${RANGE}&class=${i.classCodeA}`, expect: OWN_CLASS },
  { route: "/reports/export/chronic/route", url: () => `/reports/export/chronic?${RANGE}`, expect: ANY_STAFF },
];

/** Build-internal entries that are not the app's own routes. */
export const NOT_ROUTES = ["/_not-found/page", "/_global-error/page", "/favicon.ico/route"];

/**
 * Server actions. `args` are what the caller sends: `{ form: {...} }` is a form action's
 * (previous state, FormData) pair, `{ form, prev: false }` a FormData alone, `{ plain }` plain
 * arguments. Inputs are chosen so an allowed caller passes the permission check and then stops
 * at validation or a harmless answer. A call is refused when its answer matches `refusal`, or
 * when the proxy sent the caller to sign in. `refusal: null`: public by design (any answer
 * but a server error is right).
 */
export type ActionArgs = { form: Record<string, string>; prev?: false } | { plain: unknown[] };
export type ActionRow = { file: string; name: string; args: (ids: Ids) => ActionArgs; refusal: RegExp | null; allowed: Caller[] };

const ONLY_ADMINS = /Only admins/;
const TEACHER_REFUSAL = /Your sign-in has ended|"message":"Not found\."/;
const STAFF: Caller[] = ["admin", "teacher"];
const form = (f: Record<string, string> = {}): ActionArgs => ({ form: f });

export const ACTIONS: ActionRow[] = [
  // Admin area: an empty form gets an admin a validation answer, anyone else a refusal.
  ...[
    [
      "app/admin/classes/actions.ts",
      [
        "createClassAction",
        "updateClassAction",
        "archiveClassAction",
        "addMeetingAction",
        "removeMeetingAction",
        "setTeacherAction",
        "enrollStudentAction",
        "removeEnrollmentAction",
        "importMeetingsAction",
      ],
    ],
    ["app/admin/consent/actions.ts", ["consentImportAction", "classConsentAction"]],
    ["app/admin/import/actions.ts", ["rosterImportAction"]],
    ["app/admin/kiosks/actions.ts", ["createKioskAction", "kioskAdminAction", "resumePinAction"]],
    // An empty form: no target rate (refused before anything runs); undo on a fresh install has nothing to undo.
    ["app/admin/matching/actions.ts", ["applyCalibratedRulesAction", "undoRulesAction", "setSchoolLivenessAction"]],
    ["app/admin/notices/actions.ts", ["noticeSettingsAction", "noticeTemplateAction", "resendNoticeAction"]],
    ["app/admin/settings/actions.ts", ["schoolSettingsAction", "addClosureAction", "removeClosureAction", "importClosuresAction"]],
    [
      "app/admin/students/actions.ts",
      [
        "createStudentAction",
        "updateStudentAction",
        "archiveStudentAction",
        "setConsentAction",
        "deletePhotoAction",
        "setPinAction",
        "addGuardianAction",
        "updateGuardianAction",
        "guardianAdminAction",
        "setDoNotContactAction",
      ],
    ],
    ["app/admin/teachers/actions.ts", ["createTeacherAction", "setPasswordAction", "setActiveAction", "inviteAction"]],
  ].flatMap(([file, names]) =>
    (names as string[]).map((name): ActionRow => ({
      file: file as string,
      name,
      args: () => form(),
      refusal: ONLY_ADMINS,
      allowed: ["admin"],
    })),
  ),
  {
    file: "app/admin/students/actions.ts",
    name: "enrollPhotoAction",
    args: () => ({ form: {}, prev: false }),
    refusal: ONLY_ADMINS,
    allowed: ["admin"],
  },
  {
    file: "app/admin/photos/actions.ts",
    name: "resolvePhotoOwnersAction",
    args: () => ({ plain: [[]] }),
    refusal: ONLY_ADMINS,
    allowed: ["admin"],
  },
  // Teachers' actions on class A's session: an allowed caller reaches the scoped check and stops harmlessly.
  {
    file: "app/teacher/sessions/actions.ts",
    name: "setStatusAction",
    args: (i) => ({ plain: [{ sessionId: i.sessionA, studentId: "not-a-student", status: "PRESENT" }] }),
    refusal: TEACHER_REFUSAL,
    allowed: STAFF,
  },
  {
    file: "app/teacher/sessions/actions.ts",
    name: "changeStatusFormAction",
    args: (i) => form({ sessionId: i.sessionA, studentId: "not-a-student", status: "PRESENT" }),
    refusal: TEACHER_REFUSAL,
    allowed: STAFF,
  },
  {
    file: "app/teacher/sessions/actions.ts",
    name: "excuseAction",
    args: (i) => form({ sessionId: i.sessionA, studentIds: "not-a-student", note: "authz check" }),
    refusal: TEACHER_REFUSAL,
    allowed: STAFF,
  },
  // These two change a spare session of class A (marking everyone else absent, closing it).
  {
    file: "app/teacher/sessions/actions.ts",
    name: "markEveryoneElseAction",
    args: (i) => form({ sessionId: i.spareSessionA, mark: "absent" }),
    refusal: TEACHER_REFUSAL,
    allowed: STAFF,
  },
  {
    file: "app/teacher/sessions/actions.ts",
    name: "undoBatchAction",
    args: (i) => form({ sessionId: i.sessionA, batchId: "not-a-batch" }),
    refusal: TEACHER_REFUSAL,
    allowed: STAFF,
  },
  {
    file: "app/teacher/sessions/actions.ts",
    name: "closeSessionAction",
    args: (i) => form({ sessionId: i.spareSessionA }),
    refusal: TEACHER_REFUSAL,
    allowed: STAFF,
  },
  {
    file: "app/teacher/sessions/actions.ts",
    name: "openSessionAction",
    args: (i) => form({ classId: i.classA, startsAt: "2026-12-01T03:00:00.000Z" }),
    refusal: TEACHER_REFUSAL,
    allowed: STAFF,
  },
  {
    file: "app/teacher/sessions/actions.ts",
    name: "startSessionAction",
    args: (i) => form({ classId: i.classA, minutes: "1" }),
    refusal: TEACHER_REFUSAL,
    allowed: STAFF,
  },
  // Public by design: pairing needs a one-time code; signing in needs a password; signing out ends the caller's own session.
  { file: "app/kiosk/actions.ts", name: "pairAction", args: () => form({ code: "NOT-A-CODE" }), refusal: null, allowed: [...CALLERS] },
  // An invite link: the one-time token is the whole permission.
  {
    file: "app/invite/actions.ts",
    name: "redeemInviteAction",
    args: () => form({ token: "not-a-token", password: "some-password-1", confirm: "some-password-1" }),
    refusal: null,
    allowed: [...CALLERS],
  },
  // Forgot password: anyone may ask; the link goes to the account's own mailbox (rate-limited).
  {
    file: "app/forgot-password/actions.ts",
    name: "requestResetAction",
    args: () => form({ email: "nobody@e2e.test" }),
    refusal: null,
    allowed: [...CALLERS],
  },
  // A family's opt-out link: the signed token is the whole permission.
  {
    file: "app/notices/actions.ts",
    name: "optOutAction",
    args: () => form({ token: "not-a-token" }),
    refusal: null,
    allowed: [...CALLERS],
  },
  {
    file: "app/login/actions.ts",
    name: "authenticate",
    args: () => form({ email: "nobody@e2e.test", password: "wrong-password" }),
    refusal: null,
    allowed: [...CALLERS],
  },
];

/** A well-formed record id that names nothing. */
export const NO_SUCH_ID = "no-such-record-4f1c";

/**
 * Every action that takes a record id, called by an allowed caller with an id that names nothing
 * and otherwise valid fields (so the call gets past validation to the record): each must answer
 * "not found" (`code: "not_found"`, or lib/attendance's "Not found."), never a server error. The
 * walk fails when an action takes a record id (its source uses onRecord or recordId, or its
 * allowed call has a field `id` or `…Id`) and has no call here.
 */
type MissingCall = { file: string; name: string; args: (ids: Ids) => ActionArgs };
const calls = (file: string, list: [string, (ids: Ids) => ActionArgs][]): MissingCall[] =>
  list.map(([name, args]) => ({ file, name, args }));

export const MISSING_RECORD_CALLS: MissingCall[] = [
  ...calls("app/admin/classes/actions.ts", [
    ["updateClassAction", () => form({ classId: NO_SUCH_ID, code: "NO-SUCH-1", title: "Nothing" })],
    ["archiveClassAction", () => form({ classId: NO_SUCH_ID, archive: "true" })],
    ["addMeetingAction", () => form({ classId: NO_SUCH_ID, weekdays: "1", start: "08:00", end: "08:50" })],
    ["removeMeetingAction", () => form({ meetingId: NO_SUCH_ID })],
    ["setTeacherAction", (i) => form({ classId: NO_SUCH_ID, userId: i.teacherA, assign: "true" })],
    ["enrollStudentAction", () => form({ classId: NO_SUCH_ID, identifier: "AZ1" })],
    ["removeEnrollmentAction", () => form({ enrollmentId: NO_SUCH_ID })],
  ]),
  ...(["rename", "revoke", "pair", "resume"] as const).map((op) => ({
    file: "app/admin/kiosks/actions.ts",
    name: "kioskAdminAction",
    args: () => form({ kioskId: NO_SUCH_ID, op, name: "Renamed" }),
  })),
  { file: "app/admin/notices/actions.ts", name: "resendNoticeAction", args: () => form({ noticeId: NO_SUCH_ID }) },
  { file: "app/admin/kiosks/actions.ts", name: "resumePinAction", args: () => form({ studentId: NO_SUCH_ID }) },
  { file: "app/admin/settings/actions.ts", name: "removeClosureAction", args: () => form({ closureId: NO_SUCH_ID }) },
  ...calls("app/admin/students/actions.ts", [
    ["updateStudentAction", () => form({ id: NO_SUCH_ID, identifier: "NOSUCH1", givenName: "No", familyName: "One" })],
    ["archiveStudentAction", () => form({ id: NO_SUCH_ID, archive: "true" })],
    ["deletePhotoAction", () => form({ photoId: NO_SUCH_ID })],
    ["setPinAction", () => form({ id: NO_SUCH_ID, pin: "4821" })],
    ["setPinAction", () => form({ id: NO_SUCH_ID, remove: "true" })],
    ["addGuardianAction", () => form({ studentId: NO_SUCH_ID, givenName: "Gia", familyName: "Guard", email: "gia@e2e.test" })],
    ["updateGuardianAction", () => form({ guardianId: NO_SUCH_ID, givenName: "Gia", familyName: "Guard" })],
    ["guardianAdminAction", () => form({ guardianId: NO_SUCH_ID, op: "opt-in" })],
    ["guardianAdminAction", (i) => form({ guardianId: NO_SUCH_ID, op: "unlink", studentId: i.studentA })],
    ["setDoNotContactAction", () => form({ studentId: NO_SUCH_ID, doNotContact: "true" })],
  ]),
  { file: "app/admin/teachers/actions.ts", name: "setActiveAction", args: () => form({ userId: NO_SUCH_ID, active: "false" }) },
  { file: "app/admin/teachers/actions.ts", name: "inviteAction", args: () => form({ userId: NO_SUCH_ID }) },
  ...calls("app/teacher/sessions/actions.ts", [
    ["setStatusAction", (i) => ({ plain: [{ sessionId: NO_SUCH_ID, studentId: i.studentA, status: "PRESENT" }] })],
    ["changeStatusFormAction", (i) => form({ sessionId: NO_SUCH_ID, studentId: i.studentA, status: "PRESENT" })],
    ["excuseAction", (i) => form({ sessionId: NO_SUCH_ID, studentIds: i.studentA, note: "missing" })],
    ["markEveryoneElseAction", () => form({ sessionId: NO_SUCH_ID, mark: "present" })],
    ["undoBatchAction", () => form({ sessionId: NO_SUCH_ID, batchId: NO_SUCH_ID })],
    ["closeSessionAction", () => form({ sessionId: NO_SUCH_ID })],
    ["openSessionAction", () => form({ classId: NO_SUCH_ID, startsAt: "2026-12-01T03:00:00.000Z" })],
    ["startSessionAction", () => form({ classId: NO_SUCH_ID, minutes: "30" })],
  ]),
];

/**
 * Actions that take a record id but have no call above, and why. enrollPhotoAction needs a photo
 * file, which the walk's calls cannot send; tests/unit/photos.test.ts covers its unknown student.
 */
export const MISSING_RECORD_NOT_CALLED = ["app/admin/students/actions.ts#enrollPhotoAction"];

/** Listed, not called by the walk, and why. */
export const ACTIONS_NOT_CALLED: { file: string; name: string; why: string }[] = [
  {
    file: "app/login/actions.ts",
    name: "signOutAction",
    why: "ends the caller's own session, whoever calls it; auth.spec.ts tests it (and a replayed cookie after it)",
  },
];
