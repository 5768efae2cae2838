/** A run's outcome in a few words: its type and decision or reason, as plain text (the page escapes it). */
export function outcomeText(outcome: unknown): string {
  if (outcome === null || typeof outcome !== "object") return "";
  const o = outcome as Record<string, unknown>;
  const type = typeof o.type === "string" ? o.type : "outcome";
  const detail = [o.decision, o.reason, o.code, o.message].find((v) => typeof v === "string");
  return detail === undefined ? type : `${type}: ${String(detail)}`;
}
