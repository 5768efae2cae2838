import { ReinsError } from "../errors/reins-error.js";
import { hashJson } from "../hash/canonical-hash.js";
import type { ApprovalRecord } from "../store/store.js";
import type { ToolCallResult } from "./agent.js";
import { checkpointCall, checkpointHeader } from "./checkpoint.js";
import { executeTool } from "./execute-tool.js";
import { callAfterAbort, callAfterInterrupt, RunInterrupt } from "./interrupt.js";
import type { ToolCallRecord } from "./outcome.js";
import { plainData } from "./plain-data.js";
import {
  approvalId,
  type CallPlan,
  type CallRequest,
  type Execution,
  type NewApproval,
  planCall,
} from "./plan-call.js";
import { type ExecutionPlan, planExecuted, planPriorAction } from "./plan-execution.js";
import type { RunSession, SessionStep } from "./run-session.js";
import { recordCall } from "./run-state.js";
import { callAttributes } from "./trace-call.js";

/** A call as the agent makes it: its arguments as the agent passed them. */
export interface AgentCallRequest {
  callId: string;
  toolName: string;
  input: unknown;
  confidence?: number;
  basedOn?: string[];
}

/**
 * The one path every tool call takes. The agent's arguments are copied to plain data once; `planCall` decides on that
 * copy (journal, gate, approval, recovery path); this applies the plan: it writes the plan's records in one
 * transaction, executes an allowed call under its card, and writes what came of it.
 */
export async function gatedCall(
  session: RunSession,
  agentRequest: AgentCallRequest,
): Promise<ToolCallResult> {
  return (await passGate(session, agentRequest, true)) as ToolCallResult;
}

/**
 * The gate's judgement of a call without executing it: a call the gate would execute is left as it is (nothing is
 * written or counted, and `gatedCall` decides it again), any other step is applied as `gatedCall` applies it (an
 * answer recorded, a suspension or conclusion recorded and thrown as `RunInterrupt`). For an SDK's own approval hook
 * or guardrail, which asks before it executes.
 */
export async function judgeCall(
  session: RunSession,
  agentRequest: AgentCallRequest,
): Promise<ToolCallResult | "execute"> {
  return (await passGate(session, agentRequest, false)) ?? "execute";
}

async function passGate(
  session: RunSession,
  agentRequest: AgentCallRequest,
  run: boolean,
): Promise<ToolCallResult | undefined> {
  const { state } = session;
  if (state.interrupt) throw callAfterInterrupt(session.runId, agentRequest.toolName, state.interrupt);
  if (session.signal.aborted) throw callAfterAbort(session.runId, agentRequest.toolName);
  const request = toRequest(agentRequest);
  const plan = planCall(
    {
      runId: session.runId,
      runInput: session.input,
      charter: session.charter,
      registry: session.registry,
      rules: session.rules,
      autonomy: session.autonomy,
      workflow: workflowView(session),
      facts: session.facts,
      state,
      approval: await approvalOnRecord(session, request),
    },
    request,
  );
  if (plan.step.type === "execute" && !run) return undefined;
  if (plan.counted) {
    state.callCount++;
    state.callCountByTool.set(request.toolName, (state.callCountByTool.get(request.toolName) ?? 0) + 1);
  }
  const span = session.telemetry?.tool(request.toolName, request.callId);
  if (span === undefined) return applyPlan(session, request, plan);
  try {
    return await span.within(() => applyPlan(session, request, plan));
  } catch (error) {
    if (!(error instanceof RunInterrupt)) span.fail(ReinsError.isInstance(error) ? error.code : "error");
    throw error;
  } finally {
    span.set(callAttributes(session, request.callId, plan));
    span.end();
  }
}

/** Applies a call's plan: its records written, and the call executed when the plan says so. */
async function applyPlan(session: RunSession, request: CallRequest, plan: CallPlan): Promise<ToolCallResult> {
  const { state } = session;
  const { step } = plan;
  switch (step.type) {
    case "replay":
      return step.result;
    case "answer":
      await session.write(settle(session, plan.events, step.record, step.result, step.approval));
      return step.result;
    case "suspend":
      state.suspended = step.suspended;
      state.interrupt = { type: "suspend", suspended: step.suspended };
      await session.write(settle(session, plan.events, step.record, undefined, step.approval));
      throw new RunInterrupt(state.interrupt);
    case "conclude":
      state.interrupt = { type: "conclude", conclusion: step.conclusion };
      await session.write(settle(session, plan.events, step.record, undefined));
      throw new RunInterrupt(state.interrupt);
    case "execute":
      return execute(session, request, plan, step);
  }
}

async function execute(
  session: RunSession,
  request: CallRequest,
  plan: CallPlan,
  execution: Execution,
): Promise<ToolCallResult> {
  const { card, idempotencyKey } = execution;
  let pending = plan.events;
  // A non-idempotent tool's start is journalled before it runs: after a crash, nobody may repeat it. An idempotent
  // one needs no journal entry: its call's checkpoint row, written with its result in one transaction, is its record,
  // and repeating it after a crash is safe by definition.
  const journalled = session.crashSafe && !card.idempotent;
  if (journalled) {
    const startAction = {
      idempotencyKey,
      runId: session.runId,
      callId: request.callId,
      toolName: card.name,
      inputHash: hashJson(execution.input),
    };
    const started = await session.write({ events: pending, startAction });
    pending = [];
    const prior =
      started.action?.created === false
        ? planPriorAction(request, execution, started.action.record)
        : undefined;
    if (prior) return applyExecution(session, request, execution, prior, pending, false);
  }
  const startedAt = performance.now();
  const result = await executeTool({
    card,
    input: execution.input,
    parsed: execution.parsed,
    context: { runId: session.runId, callId: request.callId, idempotencyKey, env: session.env },
    registry: session.registry,
    signal: session.signal,
  });
  const outcome = planExecuted(
    session,
    request,
    execution,
    result,
    Math.round(performance.now() - startedAt),
  );
  return applyExecution(session, request, execution, outcome, pending, journalled);
}

async function applyExecution(
  session: RunSession,
  request: CallRequest,
  execution: Execution,
  outcome: ExecutionPlan,
  pending: CallPlan["events"],
  journalled: boolean,
): Promise<ToolCallResult> {
  const { state } = session;
  if (outcome.abnormal) state.abnormal = true;
  if (outcome.retryRound !== undefined) state.retryRounds.set(request.callId, outcome.retryRound);
  const { step } = outcome;
  const settled = step.type === "answer" ? step.result : undefined;
  // The failed call is on the run's record whatever ends or pauses the run now.
  const writes = settle(session, [...pending, ...outcome.events], outcome.record, settled);
  if (journalled && outcome.action !== undefined) {
    writes.finishAction = { idempotencyKey: execution.idempotencyKey, ...outcome.action };
  }
  if (step.type === "suspend") {
    state.suspended = step.suspended;
    state.interrupt = { type: "suspend", suspended: step.suspended };
  } else if (step.type === "conclude") {
    state.interrupt = { type: "conclude", conclusion: step.conclusion };
  }
  await session.write(writes);
  if (state.interrupt) throw new RunInterrupt(state.interrupt);
  return settled as ToolCallResult;
}

/** Records the call on the run's state and returns the step that writes it, with the run's checkpoint header. */
function settle(
  session: RunSession,
  events: CallPlan["events"],
  record: ToolCallRecord | undefined,
  result: ToolCallResult | undefined,
  approval?: NewApproval,
): SessionStep {
  const { state } = session;
  const step: SessionStep = { events };
  if (approval !== undefined) step.approval = approval;
  if (record !== undefined) {
    const entry = result === undefined ? { record } : { record, result };
    const position = recordCall(state, entry);
    if (session.crashSafe) step.calls = [checkpointCall(entry, position)];
  }
  // A run that is not crash-safe writes its checkpoint only when it suspends (`RunSession.write`).
  if (session.crashSafe) step.run = { checkpoint: checkpointHeader(state) };
  return step;
}

function toRequest(call: AgentCallRequest): CallRequest {
  const copied = plainData(call.input);
  return {
    callId: call.callId,
    toolName: call.toolName,
    input: copied.ok ? copied.value : undefined,
    ...(copied.ok ? {} : { inputProblem: `(input): ${copied.problem}` }),
    ...(call.confidence === undefined ? {} : { confidence: call.confidence }),
    ...(call.basedOn === undefined ? {} : { basedOn: [...call.basedOn] }),
  };
}

/** The approval (or proposal) on record for a call this run already suspended or proposed. */
async function approvalOnRecord(
  session: RunSession,
  request: CallRequest,
): Promise<ApprovalRecord | undefined> {
  const status = session.state.calls.get(request.callId)?.record.status;
  if (status !== "pending-approval" && status !== "proposed") return undefined;
  const kind = status === "proposed" ? "proposal" : "approval";
  return session.store.approvals.get(approvalId(session.runId, request.callId, kind));
}

function workflowView(session: RunSession): { paused: boolean; reason?: string } {
  const { workflow } = session;
  return workflow.pausedReason
    ? { paused: workflow.paused, reason: workflow.pausedReason }
    : { paused: workflow.paused };
}
