import type { AnyToolCard } from "../contract/tool-card.js";
import { hashJson } from "../hash/canonical-hash.js";
import type { Verdict } from "../policy/verdict.js";
import type { ToolCallResult } from "./agent.js";
import type { CallRequest } from "./call-request.js";
import { executeTool } from "./execute-tool.js";
import type { ToolCallRecord } from "./outcome.js";
import type { RunSession } from "./run-session.js";
import { ConcludeRun, SuspendRun } from "./signals.js";

/** Shared by every call that has nothing to add (no approver, no fallback, no store journal). */
const none = Object.freeze({});
const created = Object.freeze({ created: true as const });

type Executed = {
  record: Omit<ToolCallRecord, "callId" | "toolName" | "input" | "verdict">;
  result: ToolCallResult;
};

/**
 * Executes an allowed call with its idempotency key recorded before and after. A key already completed (the run
 * crashed after the action, before its checkpoint) returns the recorded result: the action is never repeated. A key
 * started but never finished is re-executed only if the tool is idempotent; otherwise the run escalates, because
 * nobody knows whether the action happened.
 */
export async function executeJournaled(
  session: RunSession,
  card: AnyToolCard,
  request: CallRequest,
  verdict: Extract<Verdict, { type: "allow" }>,
): Promise<Executed> {
  const round = session.state.retryRounds[request.callId] ?? 0;
  const idempotencyKey = `${session.runId}:${request.callId}${round > 0 ? `#${round}` : ""}`;
  // A run that is not crash-safe has no store journal to consult or keep: its own state is its journal.
  const started = session.crashSafe
    ? await session.store.actions.start({
        idempotencyKey,
        runId: session.runId,
        callId: request.callId,
        toolName: card.name,
        inputHash: hashJson(request.input),
      })
    : created;
  const approved = verdict.approvedBy === undefined ? none : { approvedBy: verdict.approvedBy };
  if (!started.created) {
    const prior = started.record;
    if (prior.status !== "started") {
      await session.audit("tool.replayed", {
        callId: request.callId,
        toolName: card.name,
        idempotencyKey,
        status: prior.status,
      });
      const result = prior.result as ToolCallResult;
      return {
        record: {
          status: result.status === "ok" ? "executed" : "failed",
          ...okOutput(result),
          replayed: true,
          ...approved,
        },
        result,
      };
    }
    if (!card.idempotent) {
      await session.audit("tool.outcome-unknown", {
        callId: request.callId,
        toolName: card.name,
        idempotencyKey,
      });
      throw new ConcludeRun({
        type: "escalation",
        reason: "action_outcome_unknown",
        evidence: { callId: request.callId, toolName: card.name, input: request.input, idempotencyKey },
        recommendation: `Check whether "${card.name}" took effect before the interruption; it is not idempotent, so Reins did not repeat it.`,
      });
    }
  }

  const startedAt = Date.now();
  const execution = await executeTool({
    card,
    input: request.input,
    context: { runId: session.runId, callId: request.callId, idempotencyKey, env: session.env },
    registry: session.registry,
    signal: session.signal,
  });
  const durationMs = Date.now() - startedAt;
  const fallback =
    "fallbackUsed" in execution && execution.fallbackUsed ? { fallbackUsed: execution.fallbackUsed } : none;

  if (execution.status === "ok") {
    const result: ToolCallResult = { status: "ok", output: execution.output };
    if (session.crashSafe)
      await session.store.actions.finish(idempotencyKey, { status: "completed", result });
    if (session.audited)
      await session.audit("tool.executed", {
        callId: request.callId,
        toolName: card.name,
        status: "ok",
        output: execution.output,
        attempts: execution.attempts,
        durationMs,
        ...fallback,
        ...approved,
      });
    return {
      record: {
        status: "executed",
        output: execution.output,
        attempts: execution.attempts,
        ...fallback,
        ...approved,
      },
      result,
    };
  }

  if (execution.status === "abnormal") {
    session.state.abnormal = true;
    const message = `"${card.name}" returned abnormal data (${execution.issues}); the result was blocked and further actions in this run are stopped`;
    const result: ToolCallResult = { status: "error", message };
    if (session.crashSafe) await session.store.actions.finish(idempotencyKey, { status: "failed", result });
    await session.audit("tool.executed", {
      callId: request.callId,
      toolName: card.name,
      status: "abnormal",
      error: execution.issues,
      attempts: execution.attempts,
      durationMs,
    });
    return {
      record: { status: "blocked", error: execution.issues, attempts: execution.attempts, ...approved },
      result,
    };
  }

  const error = `${execution.condition}: ${execution.message}`;
  await session.audit("tool.executed", {
    callId: request.callId,
    toolName: card.name,
    status: "failed",
    error,
    attempts: execution.attempts,
    durationMs,
    response: execution.response,
  });
  const evidence = {
    callId: request.callId,
    toolName: card.name,
    input: request.input,
    error,
    ...(execution.evidence === undefined ? {} : { details: execution.evidence }),
  };
  if (session.crashSafe)
    await session.store.actions.finish(idempotencyKey, {
      status: "failed",
      result: { status: "error", message: error },
    });
  const failed = { status: "failed" as const, error, attempts: execution.attempts, ...approved };
  if (
    execution.condition !== "conflict" &&
    execution.response !== "escalate" &&
    session.charter.recovery.toolFailure === "continue"
  ) {
    const message = `"${card.name}" failed after ${execution.attempts} attempt(s): ${error}`;
    return { record: failed, result: { status: "error", message } };
  }
  // Whatever ends or pauses the run now, the failed call is on its record.
  session.record({
    callId: request.callId,
    toolName: card.name,
    input: request.input,
    verdict,
    ...failed,
  });
  if (execution.condition === "conflict") {
    if (session.charter.recovery.conflictingRecords === "stop") {
      throw new ConcludeRun({ type: "refusal", reason: `conflicting records: ${execution.message}` });
    }
    const recommendation =
      "Compare the records and keep the one verified most recently; do not act until a human confirms.";
    throw new ConcludeRun({ type: "escalation", reason: "conflicting_records", evidence, recommendation });
  }
  if (execution.response === "escalate" || session.charter.recovery.toolFailure === "escalate") {
    throw new ConcludeRun({ type: "escalation", reason: "tool_failure", evidence });
  }
  // Paused: when a human resumes the run, the call is retried under a fresh idempotency key.
  session.state.retryRounds[request.callId] = round + 1;
  throw new SuspendRun({ kind: "tool-failure", callId: request.callId, toolName: card.name, error });
}

function okOutput(result: ToolCallResult): { output?: unknown } {
  return result.status === "ok" ? { output: result.output } : {};
}
