import type { AuditSink } from "../runtime/run-session.js";
import type { AuditEventInput } from "../store/store.js";

/** What an evaluation trial's run recorded, in order. */
export interface TrialTrace extends AuditSink {
  readonly events: readonly AuditEventInput[];
}

/**
 * The audit sink of an evaluation trial: its events kept in order, as given, in memory. No redaction, canonical JSON
 * or hash chain — those make a durable log trustworthy, and a trial's sandbox and its events are dropped once the
 * trial is scored (the durable record of an evaluation is its results). In the throughput bench they were a fifth of
 * an evaluation's time.
 */
export function trialTrace(): TrialTrace {
  const events: AuditEventInput[] = [];
  return {
    events,
    async append(event) {
      events.push(event);
    },
  };
}
