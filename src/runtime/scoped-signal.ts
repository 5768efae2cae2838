/** The controllers of the scoped signals still in use, by parent signal. */
const children = new WeakMap<AbortSignal, Set<AbortController>>();

/**
 * A signal of one's own that aborts when `parent` does, for work that leaves listeners on the signal it is given:
 * the provider's fetch keeps one on each request's signal until the request is garbage-collected, so a signal that
 * outlives the run (the one shared by every run started without a signal, a server's) would gather thousands.
 * However many scoped signals a parent has, it carries one listener; `release()` when done.
 */
export function scopedSignal(parent: AbortSignal): {
  signal: AbortSignal;
  /** Aborts this signal alone (its parent and siblings are left as they are). */
  abort(reason: unknown): void;
  release(): void;
} {
  const controller = new AbortController();
  const abort = (reason: unknown) => controller.abort(reason);
  if (parent.aborted) {
    controller.abort(parent.reason);
    return { signal: controller.signal, abort, release: () => {} };
  }
  let inUse = children.get(parent);
  if (!inUse) {
    const controllers = new Set<AbortController>();
    children.set(parent, controllers);
    parent.addEventListener(
      "abort",
      () => {
        children.delete(parent);
        for (const child of controllers) child.abort(parent.reason);
      },
      { once: true },
    );
    inUse = controllers;
  }
  const controllers = inUse;
  controllers.add(controller);
  return { signal: controller.signal, abort, release: () => controllers.delete(controller) };
}
