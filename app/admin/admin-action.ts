// Shared by the admin area's server actions (not itself an action: no "use server").
import "server-only";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { Actor } from "@/lib/audit";
import { adminActor } from "@/lib/auth/current-user";
import type { ActionResult } from "@/lib/students";

export const NOT_ALLOWED: ActionResult = { ok: false, message: "Only admins can do this." };
const recordId = z.string().min(1).max(64);

/**
 * Runs a change as the signed-in admin on the record named by a form field, then refreshes
 * the pages under `revalidate`. Refuses anyone else and a missing or malformed id.
 */
export async function asAdmin(
  form: FormData,
  field: string,
  revalidate: string,
  run: (id: string, actor: Actor) => Promise<ActionResult<unknown>>,
): Promise<ActionResult> {
  const admin = await adminActor();
  if (!admin) return NOT_ALLOWED;
  const id = recordId.safeParse(form.get(field));
  if (!id.success) return { ok: false, message: "Nothing to change: the record is missing." };
  const result = await run(id.data, admin.actor);
  revalidatePath(revalidate, "layout");
  return result as ActionResult;
}
