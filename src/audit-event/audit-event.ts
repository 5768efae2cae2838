/** The shape of an audit event, shared by the store that appends it and the audit module that verifies it. */

export interface AuditEventInput {
  runId: string;
  /** e.g. `run.started`, `model.called`, `tool.proposed`, `tool.verdict`, `tool.executed`, `approval.requested`. */
  type: string;
  data: unknown;
}

/**
 * How an audit entry's hash is made: 1, `sha256(prevHash + canonical(entry sans hash))`, anyone can recompute it;
 * 2, `HMAC-SHA256(key, prevHash + canonical(entry sans hash))` with a key kept outside the store (`AuditKey`).
 */
export type AuditSchemaVersion = 1 | 2;

/**
 * The key that MACs new audit entries (schemaVersion 2): HMAC-SHA256 with `secret`. Kept outside the database
 * (`REINS_AUDIT_KEY`, `REINS_AUDIT_KEY_FILE`): whoever can rewrite the store without it cannot forge an entry.
 */
export interface AuditKey {
  secret: Uint8Array;
}

/** One stored audit event. Events of a run form a hash chain: `hash = sha256(prevHash + canonical(event sans hash))`. */
export interface AuditEvent extends AuditEventInput {
  /** 1: the hash is a plain sha256; 2: it is an HMAC-SHA256 with the store's audit key. */
  schemaVersion: AuditSchemaVersion;
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

/**
 * One entry of the store-level chain, which covers the runs' heads: written when a run starts, suspends, resumes or
 * ends and when an approval is decided (never per gated call), it records that run's head at that moment. Deleting
 * a run's events and head, or emptying the event tables, leaves entries that name what is gone.
 */
export interface StoreChainEntry {
  schemaVersion: AuditSchemaVersion;
  /** 1-based position in the store chain. */
  seq: number;
  runId: string;
  /** The run's event count at that moment. */
  runCount: number;
  /** The hash of the run's event at `runCount`. */
  runHead: string;
  at: string;
  prevHash: string;
  hash: string;
}

/**
 * The event types after which the store chain records the run's head: a run's lifecycle, approval decisions, reviews and a
 * workflow's kill-switch events (each rare; a gated call writes none of them).
 */
export const sealingEventTypes: ReadonlySet<string> = new Set([
  "run.started",
  "run.suspended",
  "run.resumed",
  "run.ended",
  "approval.decided",
  "review.recorded",
  "workflow.paused",
  "workflow.flagged",
  "workflow.resumed",
]);
