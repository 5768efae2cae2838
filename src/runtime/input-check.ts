import type { Charter } from "../charter/charter.js";
import type { AgentConclusion } from "./agent.js";
import { recoveryStep } from "./recovery-paths.js";

/**
 * The missing-input recovery path: a run whose input lacks required fields (or has them malformed) does not start;
 * it asks for exactly those fields, or escalates, as the charter declares.
 */
export function checkRunInput(charter: Charter, input: unknown): AgentConclusion | undefined {
  const parsed = charter.input.safeParse(input, { reportInput: true });
  if (parsed.success) return undefined;
  const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join(".") || "(input)"))];
  const missing = parsed.error.issues
    .filter((i) => i.code === "invalid_type" && i.input === undefined)
    .map((i) => i.path.join("."));
  const invalid = fields.filter((f) => !missing.includes(f));
  const parts = [
    missing.length > 0 ? `the missing ${plural(missing.length, "field")} ${missing.join(", ")}` : "",
    invalid.length > 0 ? `a valid value for ${invalid.join(", ")}` : "",
  ].filter(Boolean);
  const question = `Please provide ${parts.join(" and ")}.`;
  if (recoveryStep(charter.recovery, "missingInput") === "escalate") {
    return { type: "escalation", reason: "missing_input", evidence: { fields, question } };
  }
  return { type: "needs-input", fields, question };
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
