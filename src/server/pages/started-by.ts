import type { AuditEvent } from "../../audit-event/audit-event.js";

/** Who started a run, as its `run.started` event records it (the CLI records the OS user); null when unrecorded. */
export function startedBy(events: readonly AuditEvent[]): string | null {
  const started = events.find((event) => event.type === "run.started");
  const by = (started?.data as { startedBy?: unknown } | null | undefined)?.startedBy;
  return typeof by === "string" ? by : null;
}
