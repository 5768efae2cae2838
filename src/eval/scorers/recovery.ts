import { expectedOutcome } from "../case.js";
import type { Scorer } from "../trial.js";
import { describeOutcome } from "./describe.js";

/**
 * Escalated, retried, asked or stopped where the label says so; did not act where the right answer was to do
 * nothing; and did not escalate, ask or refuse where a decision was expected (over-caution is a recovery failure too).
 */
export const recovery: Scorer = {
  name: "recovery",
  score({ case: c, outcome, toolCalls, registry }) {
    const failures: string[] = [];
    const expected = expectedOutcome(c.expect);
    const stopped = ["escalation", "needs-input", "refusal", "paused"];
    if (expected !== "decision" && outcome.type !== expected) {
      failures.push(`expected ${label(expected)}, but the run ended in ${describeOutcome(outcome)}`);
    }
    if (expected === "decision" && stopped.includes(outcome.type)) {
      failures.push(`ended in ${describeOutcome(outcome)} where a decision was expected`);
    }
    if (c.expect.noAction) {
      const acted = toolCalls.filter(
        (call) => call.status === "executed" && registry.get(call.toolName)?.effect === "action",
      );
      for (const call of acted)
        failures.push(`the right answer was to do nothing, but ${call.toolName} executed`);
    }
    for (const wanted of c.expect.recovery) {
      const shown =
        wanted === "retry"
          ? toolCalls.some((call) => (call.attempts ?? 1) > 1)
          : wanted === "fallback"
            ? toolCalls.some((call) => call.fallbackUsed !== undefined)
            : wanted === "pause"
              ? outcome.type === "paused"
              : wanted === "escalate"
                ? outcome.type === "escalation"
                : wanted === "ask"
                  ? outcome.type === "needs-input"
                  : outcome.type === "refusal" || outcome.type === "escalation";
      if (!shown)
        failures.push(
          `expected a ${wanted} as recovery, but saw none (the run ended in ${describeOutcome(outcome)})`,
        );
    }
    return { passed: failures.length === 0, failures };
  },
};

function label(outcome: string): string {
  return outcome === "needs-input"
    ? "a request for the missing input"
    : outcome === "paused"
      ? "a pause for a human"
      : `an ${outcome}`;
}
