// GET /api/health: 200 when Rollcall can serve, 503 with the failing check otherwise. Public:
// a monitor or a load balancer calls it without signing in (lib/health.ts says what it reveals).
// With several instances, the name IT gave this one (ROLLCALL_INSTANCE), if any: nothing else.
import { db } from "@/lib/db";
import { checkHealth } from "@/lib/health";
import { instanceLabel } from "@/lib/config";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await checkHealth(db);
  return Response.json(
    { status: health.ok ? "ok" : "unavailable", ...health.checks, ...(instanceLabel() ? { instance: instanceLabel() } : {}) },
    { status: health.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
