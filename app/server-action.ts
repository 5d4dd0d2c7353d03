// The one way server actions are written (not itself an action: no "use server"). A form action
// is `adminAction(run, { revalidate })` or `staffAction(...)`: the wrapper coerces what arrived into
// FormData (a caller that bypasses the page can send anything), re-reads the signed-in user from the
// database and refuses anyone else, turns a command's InputError into a failure with its message,
// and refreshes the pages under `revalidate` after a success. Every action answers an ActionResult.
import "server-only";
import { revalidatePath } from "next/cache";
import { adminActor, currentStaff } from "@/app/current-user";
import { isMissingRow } from "@/lib/db/races";
import { InputError, type ActionResult } from "@/lib/result";
import { formOf, recordIdSchema } from "@/lib/validations/form";

export const NOT_ALLOWED = { ok: false, message: "Only admins can do this." } as const satisfies ActionResult;
export const SIGN_IN = { ok: false, message: "Your sign-in has ended: sign in again." } as const satisfies ActionResult;

export type Admin = NonNullable<Awaited<ReturnType<typeof adminActor>>>;
export type Staff = NonNullable<Awaited<ReturnType<typeof currentStaff>>>;

/** After a success: revalidate the pages under a path (as a layout), or run `refresh` with the form. */
type Options = { revalidate?: string; refresh?: (form: FormData) => void };
type FormAction<T> = (prev: unknown, form: unknown) => Promise<ActionResult<T>>;

function wrap<U, T>(
  who: () => Promise<U | null>,
  refused: ActionResult<never>,
  run: (form: FormData, user: U) => Promise<ActionResult<T>>,
  options: Options,
): FormAction<T> {
  return async (_prev, raw) => {
    const form = formOf(raw);
    const user = await who();
    if (!user) return refused;
    let result: ActionResult<T>;
    try {
      result = await run(form, user);
    } catch (e) {
      if (e instanceof InputError) return { ok: false, message: e.message, ...(e.code ? { code: e.code } : {}) };
      // A record deleted between a command's check and its write: an answer, not a server error.
      if (isMissingRow(e)) return MISSING_RECORD;
      throw e;
    }
    if (result.ok && options.revalidate) revalidatePath(options.revalidate, "layout");
    if (result.ok && options.refresh) options.refresh(form);
    return result;
  };
}

/** A form action anyone may call (sign-in, pairing a screen): it guards itself (throttles, codes). */
export function openAction<T = undefined>(run: (form: FormData) => Promise<ActionResult<T>>, options: Options = {}): FormAction<T> {
  return wrap(
    async () => true,
    NOT_ALLOWED,
    (form) => run(form),
    options,
  );
}

/** A form action only an admin may run. */
export function adminAction<T = undefined>(
  run: (form: FormData, admin: Admin) => Promise<ActionResult<T>>,
  options: Options = {},
): FormAction<T> {
  return wrap(adminActor, NOT_ALLOWED, run, options);
}

/** A form action any signed-in staff member may run; the command scopes it to their classes. */
export function staffAction<T = undefined>(
  run: (form: FormData, staff: Staff) => Promise<ActionResult<T>>,
  options: Options = {},
): FormAction<T> {
  return wrap(currentStaff, SIGN_IN, run, options);
}

/** The answer for a missing or malformed record id. */
export const MISSING_RECORD = {
  ok: false,
  message: "Nothing to change: the record is missing.",
  code: "not_found",
} as const satisfies ActionResult;

/** The id a form names in `field`, or null when it is missing or malformed. */
export function recordId(form: FormData, field: string): string | null {
  const id = recordIdSchema.safeParse(form.get(field));
  return id.success ? id.data : null;
}

/** A run on the record the form names in `field`; a missing or malformed id is refused before it. */
export function onRecord<U, T>(
  field: string,
  run: (id: string, form: FormData, user: U) => Promise<ActionResult<T>>,
  missing: ActionResult<never> = MISSING_RECORD,
): (form: FormData, user: U) => Promise<ActionResult<T>> {
  return async (form, user) => {
    const id = recordId(form, field);
    return id ? run(id, form, user) : missing;
  };
}

/**
 * The text of a CSV a form uploaded under `field`, or the failure a person can act on: no file,
 * over `maxBytes`, or not UTF-8 (a spreadsheet's "CSV (UTF-8)" is what every import reads).
 */
export async function uploadedCsv(form: FormData, field: string, maxBytes: number, what: string): Promise<string | ActionResult<never>> {
  const file = form.get(field);
  if (!(file instanceof File) || file.size === 0)
    return { ok: false, code: "invalid", message: `Choose a CSV file of ${what}.`, fieldErrors: { [field]: ["Choose a file."] } };
  if (file.size > maxBytes)
    return {
      ok: false,
      code: "invalid",
      message: `The file is larger than ${Math.round(maxBytes / 1024)} KB: is it the right one?`,
      fieldErrors: { [field]: ["Too large."] },
    };
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    return {
      ok: false,
      code: "invalid",
      message: "The file is not UTF-8 text: save it as CSV (UTF-8).",
      fieldErrors: { [field]: ["Not UTF-8 text."] },
    };
  }
}
