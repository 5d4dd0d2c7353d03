// Runs once when the Next server starts. Only in Node (not the edge proxy), and not during `next build`.
import type { Instrumentation } from "next";
import { logEvent } from "@/lib/log";

export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  // Imported here, not at the top: this file is also compiled for the edge runtime.
  const { startTimers } = await import("@/server/scheduler");
  startTimers();
}

/** One JSON line per request that failed on the server (a page, an action, a route handler). */
export const onRequestError: Instrumentation.onRequestError = (error, request, context) => {
  const digest = (error as { digest?: string }).digest;
  logEvent("error", "request_error", {
    method: request.method,
    path: request.path.split("?")[0],
    route: context.routePath,
    kind: context.routeType,
    digest,
    error,
  });
};
