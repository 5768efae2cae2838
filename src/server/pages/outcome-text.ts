/** A run's outcome in a few words: its type and decision or reason, as plain text (the page escapes it). */
export function outcomeText(outcome: unknown): string {
  if (outcome === null || typeof outcome !== "object") return "";
  const o = outcome as Record<string, unknown>;
  const type = typeof o.type === "string" ? o.type : "outcome";
  // A decision is `{ decision, confidence, … }` (the charter's output) or, in older rows, the option itself.
  const decision =
    o.decision !== null && typeof o.decision === "object"
      ? (o.decision as Record<string, unknown>).decision
      : o.decision;
  const detail = [decision, o.reason, o.code, o.message].find((v) => typeof v === "string");
  return detail === undefined ? type : `${type}: ${String(detail)}`;
}
