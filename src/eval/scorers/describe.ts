import { redactString } from "../../audit/redact.js";
import { toolCallStatuses } from "../../runtime/outcome.js";
import type { TrialOutcome } from "../trial.js";

/**
 * A value as it appears in a failure sentence. Secrets recognisable by pattern are replaced before the text is cut
 * short, so that a cut cannot hide a key from the redaction of the report (the charter's fields are found later, by
 * value). Only the sentence changes: scorers compare the real values.
 */
export const show = (value: unknown): string => {
  const json = JSON.stringify(value);
  const text = json === undefined ? undefined : redactString(json);
  return text === undefined ? "nothing" : text.length > 80 ? `${text.slice(0, 77)}…` : text;
};

/** How a run ended, in words: `decision nurture`, `escalation (ownership_conflict)`. */
export function describeOutcome(outcome: TrialOutcome): string {
  switch (outcome.type) {
    case "decision":
      return `decision ${outcome.decision.decision}`;
    case "escalation":
      return `an escalation (${outcome.reason})`;
    case "needs-input":
      return `a request for input (${outcome.fields.join(", ")})`;
    case "refusal":
      return "a refusal";
    case "paused":
      return `a pause (${outcome.toolName} failed)`;
    case "error":
      return `an error (${outcome.message})`;
  }
}

/** Statuses of calls that passed the gate's charter and contract checks (the tool was, in effect, used). */
export const usedStatuses: ReadonlySet<string> = new Set(
  toolCallStatuses.filter((status) => status !== "denied"),
);

/** Deep equality for JSON values. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) =>
    sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}
