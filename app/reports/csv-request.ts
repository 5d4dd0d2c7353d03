// The common first steps of the report CSV routes: a signed-in staff member and a valid range.
import "server-only";
import { rangeSchema, type DateRange } from "@/lib/validations/reports";
import { currentUser, type StaffUser } from "@/app/current-user";

export async function csvRequest(req: Request): Promise<{ user: StaffUser; url: URL; range: DateRange } | Response> {
  const user = await currentUser();
  if (!user) return new Response("Sign in first.", { status: 401 });
  const url = new URL(req.url);
  const range = rangeSchema.safeParse({ from: url.searchParams.get("from"), to: url.searchParams.get("to") });
  if (!range.success) return new Response(range.error.issues[0].message, { status: 400 });
  return { user, url, range: range.data };
}
