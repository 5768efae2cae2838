import type { ActionRecord } from "../store/store.js";
import type { AgentConclusion, ToolCallResult } from "./agent.js";
import type { ExecutionResult } from "./execute-tool.js";
import type { ToolCallRecord } from "./outcome.js";
import type { CallRequest, CallView, Execution, PlannedEvent } from "./plan-call.js";
import { recoveryStep } from "./recovery-paths.js";
import type { Suspension } from "./run-state.js";

/** What follows an execution (or a journal entry found for it), decided before anything is written. */
export interface ExecutionPlan {
  events: PlannedEvent[];
  record: ToolCallRecord;
  /** How the idempotency journal records the execution; none when its outcome is unknown. */
  action?: { status: "completed" | "failed"; result: ToolCallResult };
  /** The tool returned abnormal data: further actions in the run are blocked. */
  abnormal?: true;
  /** The call is retried under a fresh idempotency key when a human resumes the run. */
  retryRound?: number;
  step:
    | { type: "answer"; result: ToolCallResult }
    | { type: "conclude"; conclusion: AgentConclusion }
    | { type: "suspend"; suspended: Suspension };
}

/**
 * The journal already knows this execution's key (the run crashed around it, or it is resumed): a finished one is
 * replayed, never repeated; a started one is executed again only when the tool is idempotent (undefined), otherwise
 * nobody knows whether it took effect and the run escalates.
 */
export function planPriorAction(
  request: CallRequest,
  execution: Execution,
  prior: ActionRecord,
): ExecutionPlan | undefined {
  const { card, idempotencyKey } = execution;
  if (prior.status !== "started") {
    const result = prior.result as ToolCallResult;
    return {
      events: [
        {
          type: "tool.replayed",
          data: { callId: request.callId, toolName: card.name, idempotencyKey, status: prior.status },
        },
      ],
      record: callRecord(request, execution, result.status === "ok" ? "executed" : "failed", {
        ...(result.status === "ok" ? { output: result.output } : {}),
        replayed: true,
      }),
      step: { type: "answer", result },
    };
  }
  if (card.idempotent) return undefined;
  return outcomeUnknown(request, execution, [], callRecord(request, execution, "failed", {}));
}

/** What an execution's result means for the run: the record, the journal entry, events, and the next step. */
export function planExecuted(
  view: Pick<CallView, "charter" | "state">,
  request: CallRequest,
  execution: Execution,
  result: ExecutionResult,
  durationMs: number,
): ExecutionPlan {
  const { card } = execution;
  const { approvedBy } = execution.verdict;
  const executed = (data: Record<string, unknown>): PlannedEvent => {
    const event: Record<string, unknown> = { callId: request.callId, toolName: card.name };
    Object.assign(event, data);
    event.attempts = result.attempts;
    event.durationMs = durationMs;
    if (approvedBy !== undefined) event.approvedBy = approvedBy;
    return { type: "tool.executed", data: event };
  };

  if (result.status === "ok") {
    const fallback = result.fallbackUsed === undefined ? {} : { fallbackUsed: result.fallbackUsed };
    const answer: ToolCallResult = { status: "ok", output: result.output };
    return {
      events: [executed({ status: "ok", output: result.output, ...fallback })],
      record: callRecord(request, execution, "executed", {
        output: result.output,
        attempts: result.attempts,
        ...fallback,
      }),
      action: { status: "completed", result: answer },
      step: { type: "answer", result: answer },
    };
  }

  if (result.status === "abnormal") {
    const message = `"${card.name}" returned abnormal data (${result.issues}); the result was blocked and further actions in this run are stopped`;
    const answer: ToolCallResult = { status: "error", message };
    return {
      events: [executed({ status: "abnormal", error: result.issues })],
      record: callRecord(request, execution, "blocked", { error: result.issues, attempts: result.attempts }),
      action: { status: "failed", result: answer },
      abnormal: true,
      step: { type: "answer", result: answer },
    };
  }

  const error = `${result.condition}: ${result.message}`;
  const events = [executed({ status: "failed", error, response: result.response })];
  const record = callRecord(request, execution, "failed", { error, attempts: result.attempts });
  // A call that was cut off by its timeout may still take effect: repeating it is safe only when it is idempotent.
  if (result.condition === "timeout" && !card.idempotent) {
    return outcomeUnknown(request, execution, events, record);
  }
  const failed = {
    events,
    record,
    action: { status: "failed" as const, result: { status: "error" as const, message: error } },
  };
  const evidence = {
    callId: request.callId,
    toolName: card.name,
    input: request.input,
    error,
    ...(result.evidence === undefined ? {} : { details: result.evidence }),
  };
  const { recovery } = view.charter;
  if (result.condition === "conflict") {
    if (recoveryStep(recovery, "conflictingRecords") === "refuse") {
      return conclude(failed, { type: "refusal", reason: `conflicting records: ${result.message}` });
    }
    const recommendation =
      "Compare the records and keep the one verified most recently; do not act until a human confirms.";
    return conclude(failed, { type: "escalation", reason: "conflicting_records", evidence, recommendation });
  }
  const step = result.response === "escalate" ? "escalate" : recoveryStep(recovery, "toolFailure");
  if (step === "tell-agent") {
    const message = `"${card.name}" failed after ${result.attempts} attempt(s): ${error}`;
    return { ...failed, step: { type: "answer", result: { status: "error", message } } };
  }
  if (step === "escalate") return conclude(failed, { type: "escalation", reason: "tool_failure", evidence });
  // Paused: when a human resumes the run, the call is retried under a fresh idempotency key.
  return {
    ...failed,
    retryRound: (view.state.retryRounds.get(request.callId) ?? 0) + 1,
    step: {
      type: "suspend",
      suspended: { kind: "tool-failure", callId: request.callId, toolName: card.name, error },
    },
  };
}

function outcomeUnknown(
  request: CallRequest,
  execution: Execution,
  events: PlannedEvent[],
  record: ToolCallRecord,
): ExecutionPlan {
  const { card, idempotencyKey } = execution;
  return {
    events: [
      ...events,
      { type: "tool.outcome-unknown", data: { callId: request.callId, toolName: card.name, idempotencyKey } },
    ],
    record,
    step: {
      type: "conclude",
      conclusion: {
        type: "escalation",
        reason: "action_outcome_unknown",
        evidence: { callId: request.callId, toolName: card.name, input: request.input, idempotencyKey },
        recommendation: `Check whether "${card.name}" took effect before the interruption; it is not idempotent, so Reins did not repeat it.`,
      },
    },
  };
}

function conclude(
  failed: Pick<ExecutionPlan, "events" | "record" | "action">,
  conclusion: AgentConclusion,
): ExecutionPlan {
  return { ...failed, step: { type: "conclude", conclusion } };
}

/** A call's record: what was asked, the verdict, and what came of it (with its approver, when it had one). */
function callRecord(
  request: CallRequest,
  execution: Execution,
  status: ToolCallRecord["status"],
  outcome: Pick<ToolCallRecord, "output" | "error" | "attempts" | "fallbackUsed" | "replayed">,
): ToolCallRecord {
  const record: ToolCallRecord = {
    callId: request.callId,
    toolName: request.toolName,
    input: request.input,
    verdict: execution.verdict,
    status,
  };
  Object.assign(record, outcome);
  if (execution.verdict.approvedBy !== undefined) record.approvedBy = execution.verdict.approvedBy;
  return record;
}
