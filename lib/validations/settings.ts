// The school's settings as they arrive from the environment or the admin's pages.
import { z } from "zod";

export const retentionDaysSchema = z.coerce.number({ message: "ROLLCALL_RETENTION_DAYS must be a number of days." }).int().min(0).max(3650);
export const reenrollMonthsSchema = z.coerce
  .number({ message: "ROLLCALL_REENROLL_MONTHS must be a number of months." })
  .int()
  .min(1)
  .max(120);

/** The false-accept rate the Matching page calibrates for. */
export const targetFarSchema = z.coerce
  .number({ message: "The target must be a number." })
  .gt(0, { message: "The target must be above 0." })
  .max(0.1, { message: "The target must be at most 0.1 (1 in 10)." });

/** ROLLCALL_SESSION_MAX_HOURS: hours a sign-in lasts at most (up to 30 days). */
export const sessionMaxHoursSchema = z.coerce
  .number()
  .positive()
  .max(24 * 30);

/** ROLLCALL_CHRONIC_MIN_SESSIONS: marked sessions before chronic absence is flagged. */
export const chronicMinSessionsSchema = z.coerce
  .number({ message: "ROLLCALL_CHRONIC_MIN_SESSIONS must be a number of sessions." })
  .int()
  .min(1)
  .max(1000);

/** ROLLCALL_OFFLINE_GRACE_MINUTES: how long after a session's end a kiosk may deliver check-ins it kept offline. */
export const offlineGraceMinutesSchema = z.coerce
  .number({ message: "ROLLCALL_OFFLINE_GRACE_MINUTES must be a number of minutes." })
  .int()
  .min(0)
  .max(24 * 60, { message: "ROLLCALL_OFFLINE_GRACE_MINUTES is at most 1440 (a day)." });

/** The school's default liveness check at the kiosk. */
export const livenessModeSchema = z.enum(["OFF", "HEAD_TURN"], { message: "Choose off or head turn." });

/** Whether this runtime knows an IANA time zone (Intl throws a RangeError for one it does not). */
function knownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone.includes("/") || zone === "UTC";
  } catch {
    return false;
  }
}

/** The school page's form: its name, the time zone its timetable is read in, and the default tardy minutes. */
export const schoolSettingsSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, { message: "Enter the school's name: families see it in every email." })
    .max(120, { message: "The name is too long." }),
  timeZone: z.string().trim().refine(knownTimeZone, { message: "Choose a time zone from the list (e.g. America/Chicago)." }),
  timeFormat: z.enum(["24h", "12h"], { message: "Choose 24-hour or 12-hour times." }),
  defaultTardyMinutes: z.coerce
    .number({ message: "Enter a number of minutes." })
    .int({ message: "Enter whole minutes." })
    .min(0, { message: "At least 0 minutes." })
    .max(60, { message: "At most 60 minutes." }),
});
