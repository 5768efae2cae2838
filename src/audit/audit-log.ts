import type { AuditEvent, AuditEventInput } from "../audit-event/audit-event.js";
import type { Store } from "../store/store.js";
import { createKeptRedactor, type RedactOptions, type Redactor } from "./redact.js";

export interface AuditLogOptions {
  /** Where events are stored. */
  store: Store;
  /** Extra fields to redact (secrets in strings and secret-named fields are always redacted). */
  redact?: RedactOptions;
}

/**
 * What a run's audit log keeps of an event: the event as it is stored (redacted), or nothing. The runtime writes
 * what `prepare` returns in the same transaction as the rest of a step; evaluation trials pass a sink that keeps
 * nothing.
 */
export interface AuditSink {
  prepare(event: AuditEventInput): AuditEventInput | undefined;
  /**
   * The redaction applied to everything else a run keeps or shows (its input, checkpoint and calls, approvals and
   * notes, journalled results, its printed result): the same fields and secret patterns as its events. It returns
   * the value itself when nothing in it is redacted. Absent, nothing else is redacted (an evaluation trial's sandbox
   * store, which dies with the trial; its results and reports are redacted where they are made).
   */
  readonly redact?: Redactor;
}

/** The audit log a run writes to: every event's data is redacted before it reaches the store. */
export interface AuditLog extends AuditSink {
  readonly redact: Redactor;
  /** Redacts `data`, then appends the event to its run's hash chain. */
  append(event: AuditEventInput): Promise<AuditEvent>;
  /** A run's events in order, as stored. */
  list(runId: string): Promise<AuditEvent[]>;
}

/** Creates the audit log over a store, with redaction applied on append. */
export function createAuditLog(options: AuditLogOptions): AuditLog {
  const { store } = options;
  const redact = createKeptRedactor(options.redact);
  const prepare = (event: AuditEventInput) => ({
    runId: event.runId,
    type: event.type,
    data: redact(event.data),
  });
  return {
    prepare,
    redact,
    append: (event) => store.audit.append(prepare(event)),
    list: (runId) => store.audit.list(runId),
  };
}

/** The sink of evaluation trials: a trial's sandbox is dropped once it is scored, and its result says what it did. */
export const discardAudit: AuditSink = { prepare: () => undefined };

/** Appends one event through `audit` (which may keep nothing) to `store`. */
export async function appendAudit(store: Store, audit: AuditSink, event: AuditEventInput): Promise<void> {
  const prepared = audit.prepare(event);
  if (prepared !== undefined) await store.audit.append(prepared);
}
