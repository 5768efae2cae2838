/** The shape of an audit event, shared by the store that appends it and the audit module that verifies it. */

export interface AuditEventInput {
  runId: string;
  /** e.g. `run.started`, `model.called`, `tool.proposed`, `tool.verdict`, `tool.executed`, `approval.requested`. */
  type: string;
  data: unknown;
}

/** One stored audit event. Events of a run form a hash chain: `hash = sha256(prevHash + canonical(event sans hash))`. */
export interface AuditEvent extends AuditEventInput {
  schemaVersion: 1;
  /** 1-based position in its run. */
  seq: number;
  at: string;
  prevHash: string;
  hash: string;
}

/** A run's chain head, written in the same transaction as each append so that a deleted tail is detectable. */
export interface AuditHead {
  runId: string;
  /** Number of events appended to the run. */
  count: number;
  /** Hash of the last event appended. */
  headHash: string;
}
