// The one answer shape of every command in lib/ that a person triggers, and of every server action:
// a message for the person; on success, optionally data for the page; on failure, optionally the
// fields to highlight and data that explains it (a roster's row errors). A failure wrote nothing.
import { z } from "zod";

/** Why a command failed, for the delivery layers to translate once (HTTP status, CLI exit code). */
export type FailureCode = "invalid" | "not_found" | "forbidden" | "conflict" | "locked" | "paused" | "refused";

export type ActionResult<T = undefined> =
  | { ok: true; message: string; data?: T }
  | { ok: false; message: string; code?: FailureCode; fieldErrors?: Record<string, string[]>; data?: T };

export type Failure = Extract<ActionResult<never>, { ok: false }>;

export const CHECK_FIELDS = "Check the highlighted fields.";

/** A failed validation as a failure: the message, and each field's problems for the form. */
export function invalid(error: z.ZodError, message = CHECK_FIELDS): Failure {
  return { ok: false, message, code: "invalid", fieldErrors: z.flattenError(error).fieldErrors as Record<string, string[]> };
}

/** A record id that names nothing (guessed, or deleted meanwhile): "No such class." */
export function notFound(what: string): Failure {
  return { ok: false, message: `No such ${what}.`, code: "not_found" };
}

/**
 * Thrown by a command for input a person can fix (an unknown student, a taken email): server
 * actions answer with its message (and code), the CLI prints it and exits 1. Anything else is a bug.
 */
export class InputError extends Error {
  constructor(
    message: string,
    readonly code?: FailureCode,
  ) {
    super(message);
  }
}
