// GET /api/health: 200 when Rollcall can serve, 503 with the failing check otherwise. Public:
// a monitor or a load balancer calls it without signing in (lib/health.ts says what it reveals).
import { db } from "@/lib/db";
import { checkHealth } from "@/lib/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await checkHealth(db);
  return Response.json(
    { status: health.ok ? "ok" : "unavailable", ...health.checks },
    { status: health.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
