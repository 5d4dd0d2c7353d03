// Field checks of a OneRoster 1.1 export (the parser in lib/roster/oneroster.ts reports each
// failure with its file and line).
import { z } from "zod";

/** beginDate, endDate: YYYY-MM-DD. */
export const rosterDateSchema = z.iso.date();

/** A teacher's email, their sign-in name. */
export const rosterEmailSchema = z.email();
