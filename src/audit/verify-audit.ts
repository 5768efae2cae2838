import type { Store } from "../store/store.js";
import { type AuditProblem, checkChain } from "./check-chain.js";

/** The result of `verifyAudit`. */
export interface AuditVerification {
  /** True when every chain is intact. */
  ok: boolean;
  /** Runs checked. */
  runs: number;
  /** Events checked. */
  events: number;
  /** Every problem found, by run (in the store's order) then seq. */
  problems: AuditProblem[];
}

/**
 * Recomputes every run's hash chain and compares its end with the head recorded at each append. Names the run and
 * seq of each edited, deleted, inserted or reordered event and of a truncated tail. The chain is not keyed: someone
 * who rewrites both the events and the recorded head, recomputing every hash, is not detected.
 */
export async function verifyAudit(store: Store): Promise<AuditVerification> {
  const heads = new Map((await store.audit.heads()).map((head) => [head.runId, head]));
  const runIds = [...new Set([...(await store.audit.runIds()), ...heads.keys()])];
  const problems: AuditProblem[] = [];
  let events = 0;
  for (const runId of runIds) {
    const chain = await store.audit.list(runId);
    events += chain.length;
    problems.push(...checkChain(runId, chain, heads.get(runId)));
  }
  return { ok: problems.length === 0, runs: runIds.length, events, problems };
}
