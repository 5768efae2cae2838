import type { AuditEvent } from "../audit-event/audit-event.js";

/**
 * The audit event `reins shadow` appends to a shadow run for its comparison with the human decision (src/shadow): the
 * review queue reads it to put disagreements first.
 */
export const shadowComparedEvent = "shadow.compared";

/** What a `shadow.compared` event holds. */
export interface ShadowComparedData {
  decision: string;
  humanClass: string;
  agentClass: string;
  agree: boolean;
  impact: string;
  decidedBy: string | null;
  source: string;
}

/** The latest comparison recorded on a run, among its audit events; undefined when it has none. */
export function latestComparison(events: readonly AuditEvent[]): ShadowComparedData | undefined {
  const last = events.findLast((event) => event.type === shadowComparedEvent);
  const data = last?.data as Partial<ShadowComparedData> | undefined;
  return typeof data?.agree === "boolean" &&
    typeof data.humanClass === "string" &&
    typeof data.agentClass === "string"
    ? (data as ShadowComparedData)
    : undefined;
}
