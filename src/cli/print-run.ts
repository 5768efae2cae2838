import type { RunOutcome, RunResult } from "../runtime/outcome.js";

/** A run's result as a few readable lines. */
export function describeRun(result: RunResult, resumeHint: string): string[] {
  const lines = [`run ${result.runId}: ${result.status}`];
  if (result.outcome) lines.push(`outcome: ${describeOutcome(result.outcome)}`);
  if (result.toolCalls.length > 0) {
    lines.push(
      `tool calls: ${result.toolCalls.map((c) => `${c.toolName} ${c.status}${c.replayed ? " (replayed)" : ""}`).join(", ")}`,
    );
  }
  if (result.usage.modelCalls > 0) {
    lines.push(
      `model: ${result.usage.modelCalls} calls, ${result.usage.inputTokens} input + ${result.usage.outputTokens} output tokens`,
    );
  }
  const suspended = result.suspended;
  if (suspended?.kind === "approval") {
    const { approval } = suspended;
    lines.push(
      `waiting for approval ${approval.approvalId}: ${approval.toolName} (${approval.reasons.map((r) => r.message).join("; ")})`,
      `  approve: reins approvals approve ${approval.approvalId}`,
      `  reject:  reins approvals reject ${approval.approvalId} --reason "…"`,
      `  then:    ${resumeHint}`,
    );
  } else if (suspended?.kind === "tool-failure") {
    lines.push(
      `paused: ${suspended.toolName} failed (${suspended.error}); fix the cause, then: ${resumeHint}`,
    );
  }
  for (const warning of result.warnings ?? []) lines.push(`warning: ${warning}`);
  return lines;
}

function describeOutcome(outcome: RunOutcome): string {
  switch (outcome.type) {
    case "decision": {
      const { decision, confidence, rationale: _r, ...fields } = outcome.decision;
      const extra = Object.entries(fields).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
      return `decision ${decision}${extra.length ? ` (${extra.join(", ")})` : ""}, confidence ${confidence}${outcome.draft ? " [draft: below the confidence threshold]" : ""}`;
    }
    case "escalation":
      return `escalation: ${outcome.reason}${outcome.recommendation ? ` (recommends: ${outcome.recommendation})` : ""}`;
    case "needs-input":
      return `needs input: ${outcome.question}`;
    case "refusal":
      return `refusal: ${outcome.reason}`;
    case "proxied":
      return `proxied call of ${outcome.toolName}: ${outcome.status}`;
    case "error":
      return `error [${outcome.code}]: ${outcome.message}`;
  }
}
