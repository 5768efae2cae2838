import type { Store } from "../../src/store/store.js";

/** Per store method (`audit.append`, `runs.update`, …): how many calls and how many nanoseconds in total. */
export type StoreTimings = Map<string, { calls: number; nanoseconds: number }>;

// biome-ignore lint/suspicious/noExplicitAny: any async store method.
type AsyncMethods = Record<string, (...args: any[]) => Promise<unknown>>;

function timeArea<T extends AsyncMethods>(area: string, methods: T, timings: StoreTimings): T {
  const timed: AsyncMethods = {};
  for (const [name, method] of Object.entries(methods)) {
    const key = `${area}.${name}`;
    timed[name] = async (...args: unknown[]) => {
      const start = process.hrtime.bigint();
      try {
        return await method(...args);
      } finally {
        const entry = timings.get(key) ?? { calls: 0, nanoseconds: 0 };
        entry.calls++;
        entry.nanoseconds += Number(process.hrtime.bigint() - start);
        timings.set(key, entry);
      }
    };
  }
  return timed as T;
}

/**
 * The same store, with the time spent in each of its methods recorded (awaited, so Kysely's async steps count).
 * Every area of the store is wrapped, whatever areas it has.
 */
export function timedStore(store: Store, timings: StoreTimings): Store {
  const timed: Record<string, unknown> = {};
  for (const [area, value] of Object.entries(store)) {
    timed[area] =
      area === "close"
        ? value
        : typeof value === "function"
          ? timeArea("store", { [area]: value } as AsyncMethods, timings)[area]
          : timeArea(area, value as AsyncMethods, timings);
  }
  return timed as unknown as Store;
}
