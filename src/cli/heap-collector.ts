import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** How often a long evaluation asks for a full garbage collection at the least, in ms. */
export const heapCollectionIntervalMs = 3_000;
/** How far the heap may grow past what the last collection left before the next is asked for, in bytes. */
export const heapGrowthBytes = 64 * 1024 * 1024;
/** Ticks between two reads of the heap's size: a tick comes with every trial, and the heap grows little in one. */
const ticksPerCheck = 16;

/**
 * A full garbage collection for `reins eval` whenever the heap has grown by `growthBytes` past what the last one left,
 * or `intervalMs` has passed since it: an evaluation allocates fast and keeps little (its tallies, one batch of
 * results), and V8 sizes the heap by what it last found alive, which it measures while allocation goes on; left
 * alone, a long evaluation's heap grows to several times what it holds. Paced by growth, the peak does not depend on
 * how much work the machine gets through between two clock ticks. The collector is V8's own `gc`, reached the way
 * Jest reaches it (`--expose-gc` set at run time, read from a new context); where that is unavailable, `tick` does
 * nothing.
 */
export function periodicHeapCollector(
  options: {
    intervalMs?: number;
    growthBytes?: number;
    now?: () => number;
    heapUsed?: () => number;
    /** The collection (default V8's `gc`). */
    collect?: () => void;
  } = {},
): { tick(): void } {
  const intervalMs = options.intervalMs ?? heapCollectionIntervalMs;
  const growthBytes = options.growthBytes ?? heapGrowthBytes;
  const now = options.now ?? Date.now;
  const heapUsed = options.heapUsed ?? (() => getHeapStatistics().used_heap_size);
  const collect = options.collect ?? v8Collector();
  let last = now();
  let floor = heapUsed();
  let ticks = 0;
  return {
    tick() {
      if (collect === undefined || ++ticks % ticksPerCheck !== 0) return;
      if (heapUsed() - floor < growthBytes && now() - last < intervalMs) return;
      collect();
      last = now();
      floor = heapUsed();
    },
  };
}

/** V8's `gc`, or undefined where it cannot be reached. */
function v8Collector(): (() => void) | undefined {
  try {
    setFlagsFromString("--expose-gc");
    const gc: unknown = runInNewContext("gc");
    return typeof gc === "function" ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}
