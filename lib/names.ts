// How people's names are shown: one home, so a preferred name is honoured everywhere.
type Named = { preferredName: string | null; givenName: string; familyName: string };

/** "Penny Hofstadter": the preferred name if the roster has one. */
export const studentName = (s: Named) => `${s.preferredName ?? s.givenName} ${s.familyName}`;

/** "Hofstadter, Penny": for lists sorted by family name. */
export const studentSortName = (s: Named) => `${s.familyName}, ${s.preferredName ?? s.givenName}`;

/** "Pat Parent": a guardian's or teacher's name, or a student's legal name as the roster has it (imports, audits). */
export const personName = (p: { givenName: string; familyName: string }) => `${p.givenName} ${p.familyName}`;

/** "Penny H.": all a kiosk screen ever shows of a student. */
export const studentShortName = (s: Named) => `${s.preferredName ?? s.givenName} ${s.familyName.slice(0, 1)}.`;

/** The fields a student's name and identifier are shown from: for a Prisma `select`. */
export const STUDENT_NAME_FIELDS = { id: true, identifier: true, givenName: true, familyName: true, preferredName: true } as const;
