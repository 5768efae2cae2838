import type { AuditEvent, AuditKey } from "../audit-event/audit-event.js";
import type { Store } from "../store/store.js";
import { type AuditProblem, checkChain } from "./check-chain.js";
import { runDisagreement } from "./check-records.js";

/** One run's audit chain, verified: its events as stored, and what is wrong with them. */
export interface RunVerification {
  /** True when the chain is intact, agrees with the run record, and every keyed event could be checked. */
  ok: boolean;
  events: AuditEvent[];
  /** Keyed events whose MAC could not be checked because no key was given: never counted as intact. */
  unchecked: number;
  problems: AuditProblem[];
}

/**
 * Verifies one run the way `verifyAudit` verifies each: its events' hashes and links against the head recorded
 * with every append, and the run record against its lifecycle events. Reads that run's rows only, on one snapshot.
 */
export function verifyRun(store: Store, runId: string, key?: AuditKey): Promise<RunVerification> {
  const read = async (): Promise<RunVerification> => {
    const [events, head, run] = await Promise.all([
      store.audit.list(runId),
      store.audit.head(runId),
      store.runs.get(runId),
    ]);
    const problems = checkChain(runId, events, head, key);
    const disagreement = run === undefined ? undefined : runDisagreement(run, events);
    if (disagreement !== undefined) {
      problems.push({ runId, seq: 0, kind: "disagrees", message: disagreement, scope: "record" });
    }
    const unchecked = key === undefined ? events.filter((event) => event.schemaVersion === 2).length : 0;
    return { ok: problems.length === 0 && unchecked === 0, events, unchecked, problems };
  };
  return store.readConsistent ? store.readConsistent(read) : read();
}
