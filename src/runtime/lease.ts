import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import type { Store } from "../store/store.js";

/** How long a driver's lease lasts without renewal; it renews every third of that while it works. */
const leaseMs = 30_000;

/** This process's hold on one run: renewed while it drives, stopped when it is done. */
export interface Lease {
  readonly holder: string;
  /** Stops renewing (the lease itself is dropped by the run's last write, or runs out). */
  stop(): void;
}

/**
 * Takes the run's lease for this process, or fails with `REINS_RUN_BUSY` naming who holds it (a run that is not
 * crash-safe, `durable: false`, takes none). A lease held by a
 * process of this host that no longer exists (it was killed) is taken over at once; on another host, when it runs out.
 */
export async function acquireLease(store: Store, runId: string, durable = true): Promise<Lease> {
  // A run that is not crash-safe lives in this process's state between its writes: nobody else can drive it.
  if (!durable) return notLeased;
  const host = hostname();
  const holder = `${host}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const request = { holder, ttlMs: leaseMs, canReplace: (current: string) => isGone(current, host) };
  const taken = await store.runs.lease(runId, request);
  if (!taken.acquired) {
    throw new UserError({
      code: ErrorCode.RunBusy,
      message: `run ${runId} is being driven by another process (${taken.lease.holder}, lease until ${taken.lease.until})`,
      hint: "wait until it finishes or suspends, then try again; one process drives a run at a time",
    });
  }
  const timer = setInterval(() => {
    // A renewal that fails is not fatal here: the driver's next write checks the lease and stops if it is lost.
    store.runs.lease(runId, request).catch(() => undefined);
  }, leaseMs / 3);
  timer.unref();
  return { holder, stop: () => clearInterval(timer) };
}

const notLeased: Lease = { holder: "(not leased)", stop: () => {} };

/** Whether a lease holder is a process of this host that has exited. */
function isGone(holder: string, host: string): boolean {
  const [holderHost, pid] = holder.split(":");
  if (holderHost !== host || pid === undefined || !/^\d+$/.test(pid)) return false;
  if (Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
