import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** How often a long evaluation asks for a full garbage collection, in ms. */
export const heapCollectionIntervalMs = 3_000;

/**
 * A full garbage collection at most every `intervalMs`, for `reins eval`: an evaluation allocates fast and keeps
 * little (its tallies, one batch of results), and V8 sizes the heap by what it last found alive, which it measures
 * while allocation goes on; left alone, a long evaluation's heap grows to several times what it holds. The collector
 * is V8's own `gc`, reached the way Jest reaches it (`--expose-gc` set at run time, read from a new context); where
 * that is unavailable, `tick` does nothing.
 */
export function periodicHeapCollector(
  intervalMs = heapCollectionIntervalMs,
  now: () => number = Date.now,
): { tick(): void } {
  let collect: (() => void) | undefined;
  try {
    setFlagsFromString("--expose-gc");
    const gc: unknown = runInNewContext("gc");
    if (typeof gc === "function") collect = gc as () => void;
  } catch {
    collect = undefined;
  }
  let last = now();
  return {
    tick() {
      if (collect === undefined || now() - last < intervalMs) return;
      collect();
      last = now();
    },
  };
}
