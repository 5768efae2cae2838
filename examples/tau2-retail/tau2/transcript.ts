import type { TrialContext, TrialOutcome } from "reins/eval";

type Call = TrialContext["toolCalls"][number];
const record = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};

/** The text a run's conclusion addresses to the customer: the decision's message, or the refusal, question or transfer. */
export function closingText(outcome: TrialOutcome): string | undefined {
  switch (outcome.type) {
    case "decision":
      return typeof outcome.decision.message === "string" ? outcome.decision.message : undefined;
    case "refusal":
      return outcome.reason;
    case "needs-input":
      return outcome.question;
    case "escalation":
      return typeof outcome.evidence === "string" ? outcome.evidence : undefined;
    default:
      return undefined;
  }
}

const said = (call: Call) => call.toolName === "respond_to_user" && call.status === "executed";

/**
 * What the agent told the customer: every message it sent through respond_to_user, then its closing text (the
 * decision's `message` is its last message to the customer; in a solo run it is all the customer reads).
 */
export function toldTheUser(trial: Pick<TrialContext, "toolCalls" | "outcome">): string[] {
  const messages = trial.toolCalls.filter(said).map((call) => String(record(call.input).message ?? ""));
  const closing = closingText(trial.outcome);
  return closing === undefined ? messages : [...messages, closing];
}

/**
 * The run as a conversation, `role: content` per line (τ²'s NL-assertion judge reads the whole trajectory): the
 * solo request as the user's message, the agent's messages and the customer's replies, every other tool call and
 * its result, and the closing text.
 */
export function renderTranscript(trial: Pick<TrialContext, "toolCalls" | "outcome" | "case">): string {
  const lines: string[] = [];
  const input = record(trial.case.input);
  if (typeof input.request === "string") lines.push(`user: ${input.request}`);
  for (const call of trial.toolCalls) {
    if (said(call)) {
      lines.push(`assistant: ${String(record(call.input).message ?? "")}`);
      lines.push(`user: ${String(record(call.output).customer ?? "")}`);
      continue;
    }
    lines.push(`assistant: [${call.toolName}] ${JSON.stringify(call.input)}`);
    const result =
      call.status === "executed" ? JSON.stringify(call.output) : `${call.status}: ${call.error ?? ""}`;
    lines.push(`tool: ${result}`);
  }
  const closing = closingText(trial.outcome);
  if (closing !== undefined) lines.push(`assistant: ${closing}`);
  return lines.join("\n");
}
