import type { RetailWorld } from "./world.js";

// The world of each run, so that policy rules (which see the call and the run id, not the world) can judge calls
// against it. Kept on globalThis: the CLI imports tools.ts and policies.ts as separate module instances.
const registryKey = Symbol.for("reins.examples.tau2-retail.worlds");
type Registry = Map<string, WeakRef<RetailWorld>>;
const registry: Registry =
  ((globalThis as Record<symbol, unknown>)[registryKey] as Registry | undefined) ??
  (() => {
    const created: Registry = new Map();
    (globalThis as Record<symbol, unknown>)[registryKey] = created;
    return created;
  })();
const cleanup = new FinalizationRegistry<string>((runId) => {
  if (registry.get(runId)?.deref() === undefined) registry.delete(runId);
});

/** Records which world a run acts on (every tool call does this before it runs). */
export function bindRun(runId: string, world: RetailWorld): void {
  if (registry.get(runId)?.deref() === world) return;
  registry.set(runId, new WeakRef(world));
  cleanup.register(world, runId);
}

/**
 * The world a run acts on, once one of its tool calls has run; undefined before, and after the run's final snapshot
 * (so that a later run reusing the id, as `reins check` does, never sees an earlier run's world).
 */
export function worldOfRun(runId: string | undefined): RetailWorld | undefined {
  const world = runId === undefined ? undefined : registry.get(runId)?.deref();
  return world && world.snapshots < 2 ? world : undefined;
}
