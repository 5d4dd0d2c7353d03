// Jobs spread over child processes (tfjs's wasm backend runs one thread a process: two
// processes gave ~1.5× the throughput of one). A worker script says { ready: true } once its
// models are loaded, then answers each { id, ...job } with { id, ...reply }.
import { fork, type ChildProcess } from "node:child_process";

export async function runWorkerPool<J extends object, R extends { id: number }>(
  script: string,
  jobs: J[],
  workers: number,
  onResult: (index: number, reply: R) => Promise<void> | void,
): Promise<void> {
  const pool: ChildProcess[] = Array.from({ length: Math.max(1, workers) }, () =>
    fork(script, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "ignore", "inherit", "ipc"] }),
  );
  let next = 0;
  try {
    await Promise.all(
      pool.map(
        (child) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= jobs.length) return resolve();
              const id = next++;
              child.send({ id, ...jobs[id] });
            };
            child.on("message", (m: R | { ready: true }) => {
              if ("ready" in m) return send();
              Promise.resolve(onResult(m.id, m)).then(send, reject);
            });
            child.on("exit", (code) =>
              next < jobs.length || code ? reject(new Error(`A worker process stopped (exit ${code}).`)) : resolve(),
            );
          }),
      ),
    );
  } finally {
    for (const child of pool) child.kill();
  }
}
