/** CPU time of processes on Linux, read from /proc (user + system, in seconds); undefined where /proc is missing. */
import { readdirSync, readFileSync } from "node:fs";

/** Linux's USER_HZ: /proc reports CPU time in these ticks (100 on every common build). */
const ticksPerSecond = 100;

interface ProcTimes {
  /** The process's own CPU time. */
  self: number;
  /** CPU time of its children that ended and were waited for. */
  children: number;
}

function procTimes(pid: number | "self"): ProcTimes | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const tick = (i: number) => Number(fields[i - 3]) / ticksPerSecond;
    return { self: tick(14) + tick(15), children: tick(16) + tick(17) };
  } catch {
    return undefined;
  }
}

/** A process's own CPU seconds so far. */
export function cpuOf(pid: number): number | undefined {
  return procTimes(pid)?.self;
}

/** CPU seconds of this process's children that have exited. */
export function exitedChildrenCpu(): number | undefined {
  return procTimes("self")?.children;
}

/**
 * CPU seconds of a PostgreSQL server so far: every process of its postmaster (its own, its live backends', and
 * those of backends that ended). Every client's work counts, not only this bench's.
 */
export function postgresCpu(postmasterPid: number): number | undefined {
  const main = procTimes(postmasterPid);
  if (!main) return undefined;
  let total = main.self + main.children;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    if (parentPid(Number(entry)) === postmasterPid) total += procTimes(Number(entry))?.self ?? 0;
  }
  return total;
}

/** The parent of a process (a PostgreSQL backend's is its postmaster), or undefined. */
export function parentPid(pid: number): number | undefined {
  try {
    const ppid = /^PPid:\s+(\d+)$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return ppid === undefined ? undefined : Number(ppid);
  } catch {
    return undefined;
  }
}
