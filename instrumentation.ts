// Runs once when the Next server starts. Only in Node (not the edge proxy), and not during `next build`.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  // Imported here, not at the top: this file is also compiled for the edge runtime.
  const { startTimers } = await import("@/lib/scheduler");
  startTimers();
}
