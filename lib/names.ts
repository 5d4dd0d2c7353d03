// How people's names are shown: one home, so a preferred name is honoured everywhere.
type Named = { preferredName: string | null; givenName: string; familyName: string };

/** "Penny Hofstadter": the preferred name if the roster has one. */
export const studentName = (s: Named) => `${s.preferredName ?? s.givenName} ${s.familyName}`;

/** "Hofstadter, Penny": for lists sorted by family name. */
export const studentSortName = (s: Named) => `${s.familyName}, ${s.preferredName ?? s.givenName}`;

/** "Penny H.": all a kiosk screen ever shows of a student. */
export const studentShortName = (s: Named) => `${s.preferredName ?? s.givenName} ${s.familyName.slice(0, 1)}.`;
