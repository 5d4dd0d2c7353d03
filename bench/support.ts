// Shared by the benchmarks: statistics, and CPU time by process from /proc. (The running app, server actions and the seeded PRNG
// are in tests/support/, shared with the tests.)

/** The q-quantile (0..1) of samples, nearest rank. */
export function quantile(samples: number[], q: number): number {
  if (samples.length === 0) return NaN;
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

import fs from "node:fs";

type Proc = { pid: number; ppid: number; comm: string; cpuS: number };

/** Every process's parent, command and CPU time so far (user + system), from /proc (Linux). */
export function processes(): Proc[] {
  const tick = 100; // USER_HZ on Linux
  const out: Proc[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const comm = stat.slice(stat.indexOf("(") + 1, close);
      const f = stat.slice(close + 2).split(" ");
      // utime + stime, plus cutime + cstime: the children it has reaped (PostgreSQL's backends
      // end with their connections; their time then counts in the postmaster's).
      const cpu = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
      out.push({ pid: Number(entry), ppid: Number(f[1]), comm, cpuS: cpu / tick });
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/** CPU seconds so far of the trees under `roots`, of every process named `comm`, and of this process. */
export function cpuSplit(roots: number[], comm: string): { apps: number; named: number; self: number } {
  const all = processes();
  const inTree = new Set(roots);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of all)
      if (!inTree.has(p.pid) && inTree.has(p.ppid)) {
        inTree.add(p.pid);
        grew = true;
      }
  }
  const sum = (ps: Proc[]) => ps.reduce((s, p) => s + p.cpuS, 0);
  const usage = process.cpuUsage();
  return {
    apps: sum(all.filter((p) => inTree.has(p.pid))),
    named: sum(all.filter((p) => p.comm === comm)),
    self: (usage.user + usage.system) / 1e6,
  };
}

export const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
