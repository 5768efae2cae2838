import { cpus, loadavg, release, totalmem } from "node:os";

/** One line naming the machine a bench ran on, with its load when the bench started (other work skews timings). */
export function machineLine(): string {
  const cores = cpus();
  const model = cores[0]?.model.trim() ?? "unknown CPU";
  const memory = `${(totalmem() / 1024 ** 3).toFixed(0)} GiB`;
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
  return `${process.platform}/${process.arch} ${release()}, ${cores.length} × ${model}, ${memory} RAM, node ${process.version}, load average ${load}`;
}

/** The median of some numbers (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Rounds to `digits` decimals, as a number (for JSON lines). */
export function round(value: number, digits = 1): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
