import type { AuditEvent, AuditEventInput, Store } from "../store/store.js";
import { createRedactor, type RedactOptions } from "./redact.js";

export interface AuditLogOptions {
  /** Where events are stored. */
  store: Store;
  /** Extra fields to redact (secrets in strings and secret-named fields are always redacted). */
  redact?: RedactOptions;
}

/** The audit log a run writes to: every event's data is redacted before it reaches the store. */
export interface AuditLog {
  /** Redacts `data`, then appends the event to its run's hash chain. */
  append(event: AuditEventInput): Promise<AuditEvent>;
  /** A run's events in order, as stored. */
  list(runId: string): Promise<AuditEvent[]>;
}

/** Creates the audit log over a store, with redaction applied on append. */
export function createAuditLog(options: AuditLogOptions): AuditLog {
  const { store } = options;
  const redact = createRedactor(options.redact);
  return {
    append: (event) => store.audit.append({ runId: event.runId, type: event.type, data: redact(event.data) }),
    list: (runId) => store.audit.list(runId),
  };
}
