// vitest globalSetup for `npm run test:unit:pg`: one throwaway PostgreSQL cluster for the run.
// Each test's freshDb() then gets its own database on it (a copy of a migrated template).
import { startPostgres } from "../support/postgres";

export default async function setup() {
  if (process.env.ROLLCALL_TEST_DB !== "postgresql") return;
  const cluster = await startPostgres();
  process.env.ROLLCALL_TEST_PG_ROOT = cluster.root;
  return () => cluster.stop();
}
