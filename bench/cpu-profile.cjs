// Preload (NODE_OPTIONS="--require <this file>", with BENCH_PROFILE_DIR set) that records a V8
// CPU profile of the process and writes it on exit: `--cpu-prof` itself is not allowed in
// NODE_OPTIONS, and the benchmarks start the server through npm. Open the .cpuprofile in
// Chrome DevTools or summarise it with bench/profile-summary.ts.
const fs = require("node:fs");
const path = require("node:path");
const inspector = require("node:inspector");

const dir = process.env.BENCH_PROFILE_DIR;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.start");
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    session.post("Profiler.stop", (err, result) => {
      if (err) return;
      fs.mkdirSync(dir, { recursive: true });
      const name = process.title.startsWith("next-server") ? "next-server" : path.basename(process.argv[1] ?? "node");
      fs.writeFileSync(path.join(dir, `${name}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  };
  process.on("exit", write);
  // Servers end on a signal, which skips "exit": write, then exit as the signal would.
  for (const signal of ["SIGTERM", "SIGINT"])
    process.once(signal, () => {
      write();
      process.exit(0);
    });
}
