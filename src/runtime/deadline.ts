import { scopedSignal } from "./scoped-signal.js";

/** A signal that aborts when its parent does or when its time is up, whichever comes first. */
export interface Deadline {
  readonly signal: AbortSignal;
  /** The limit, in ms; none when the deadline only follows its parent. */
  readonly ms: number | undefined;
  /** True once the time was up (not when the parent aborted). */
  expired(): boolean;
  /** Resolves when the time is up; never when the deadline is released first or has no limit (do not wait on it then). */
  readonly reached: Promise<void>;
  /** Stops the timer and lets go of the parent; call it when the work is done. */
  release(): void;
}

/**
 * A time limit on work that takes an AbortSignal. The timer is not `unref`'d on purpose: work that waits on nothing
 * the event loop can see (a promise that never settles) would otherwise let the process exit without an outcome.
 * With no `ms`, it only follows its parent.
 */
export function deadline(parent: AbortSignal, ms: number | undefined): Deadline {
  // No limit: the parent itself, so that a run without one costs no signal of its own.
  if (ms === undefined)
    return { signal: parent, ms, expired: () => false, reached: never, release: () => {} };
  // One signal: the parent's scoped child, which the timer aborts as well.
  const scoped = scopedSignal(parent);
  let expired = false;
  let reach: () => void = () => {};
  const reached = new Promise<void>((resolve) => {
    reach = resolve;
  });
  const timer = setTimeout(() => {
    expired = true;
    scoped.abort(new DOMException(`time limit of ${ms} ms reached`, "TimeoutError"));
    reach();
  }, ms);
  return {
    signal: scoped.signal,
    ms,
    expired: () => expired,
    reached,
    release() {
      clearTimeout(timer);
      scoped.release();
    },
  };
}

/** The `reached` of a deadline without a limit: it never settles, and nothing should wait on it. */
const never: Promise<void> = new Promise(() => {});
