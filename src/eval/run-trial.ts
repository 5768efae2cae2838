import { type AuditSink, createAuditLog, discardAudit } from "../audit/audit-log.js";
import type { AuditEvent } from "../audit-event/audit-event.js";
import { ErrorCode } from "../errors/codes.js";
import type { Reason } from "../policy/verdict.js";
import type { Agent } from "../runtime/agent.js";
import { decideApproval } from "../runtime/approvals.js";
import { resumeRun, runAgent } from "../runtime/run-agent.js";
import { openMemoryStore } from "../store/memory-store.js";
import type { TracerOption } from "../telemetry/run-telemetry.js";
import type { EvalCase } from "./case.js";
import { withFaults } from "./faults/with-faults.js";
import { recordMessages, type TranscriptMessage } from "./record-messages.js";
import { scoreTrial } from "./score-trial.js";
import { hashState } from "./state.js";
import type { Suite } from "./suite.js";
import { type ApprovalAnswer, callSummary } from "./transcript.js";
import type { TrialOutcome, TrialResult } from "./trial.js";

export interface TrialRun {
  outcome: TrialOutcome;
  toolCalls: Awaited<ReturnType<typeof runAgent>>["toolCalls"];
  usage: Awaited<ReturnType<typeof runAgent>>["usage"];
  initialState: unknown;
  finalState: unknown;
  runId: string;
  /** Wall time of the run, approvals included. */
  durationMs: number;
  /** How each approval the gate asked for was answered (by the suite's `approvals`). */
  approvals: ApprovalAnswer[];
  /** Why the gate asked, by call id: an approved call's final record no longer carries the reasons. */
  askedReasons: Map<string, Reason[]>;
  /** With `trace`: the run's audit events (redacted) and, for a model agent, its conversation. */
  events?: AuditEvent[];
  messages?: TranscriptMessage[];
}

/**
 * Runs one case once: a fresh world from the environment, the case's faults injected, the agent run through the
 * gate at the suite's autonomy, and approvals answered as the suite says (no human is there during evaluation).
 * Each trial (and each oracle replay) runs against its own in-memory store, dropped once the trial is scored, and
 * writes no audit log (`discardAudit`): memory stays flat however many trials run. With `trace`, the trial keeps its
 * audit events (redacted as the charter says) and its model conversation, for the trial's transcript.
 */
export async function executeTrial(options: {
  suite: Suite;
  evalCase: EvalCase;
  agent: Agent;
  runId: string;
  /** How long each drive of the trial's run may take (`trialTimeoutMs`); a run past it is scored as a timeout. */
  timeoutMs?: number;
  trace?: boolean;
  /** Where the trial's run spans go (`RunAgentOptions.tracer`), and the trial span they are children of. */
  tracer?: TracerOption | undefined;
  traceContext?: unknown;
}): Promise<TrialRun> {
  const { suite, evalCase } = options;
  const started = performance.now();
  const store = openMemoryStore();
  const audit: AuditSink = options.trace
    ? createAuditLog({ store, redact: { fields: [...suite.charter.redact] } })
    : discardAudit;
  const recording =
    options.trace && options.agent.kind === "model" ? recordMessages(options.agent) : undefined;
  const world = suite.environment.create(evalCase.world);
  const initialState = suite.environment.snapshot(world);
  const registry = evalCase.faults.length > 0 ? withFaults(suite.registry, evalCase.faults) : suite.registry;
  const common = {
    charter: suite.charter,
    registry,
    policies: suite.policies,
    agent: recording?.agent ?? options.agent,
    store,
    audit,
    env: world,
    // The sandbox's failures must not pause anything: the kill switch is for production workflows.
    killSwitch: false,
    // The sandbox store dies with the process: nothing to recover after a crash, so no checkpoints between steps and
    // no journal of executions in it (a suspended trial still resumes from the state saved when it suspended).
    crashSafe: false,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.tracer === undefined ? {} : { tracer: options.tracer }),
    ...(options.traceContext === undefined ? {} : { traceContext: options.traceContext }),
  };
  let result = await runAgent({
    ...common,
    input: evalCase.input,
    runId: options.runId,
    autonomy: suite.autonomy ?? "autonomous",
  });
  const answer = suite.approvals ?? "reject";
  const approvals: ApprovalAnswer[] = [];
  const askedReasons = new Map<string, Reason[]>();
  for (
    let round = 0;
    result.suspended?.kind === "approval" && round < suite.charter.limits.maxToolCalls;
    round++
  ) {
    const note =
      answer === "reject"
        ? "evaluation: no human reviewer is available, so approvals are rejected"
        : "evaluation: the suite answers approvals with approve";
    askedReasons.set(result.suspended.approval.callId, result.suspended.approval.reasons);
    const decided = await decideApproval({
      store,
      audit,
      approvalId: result.suspended.approval.approvalId,
      decision: answer === "approve" ? "approved" : "rejected",
      decidedBy: "reins-eval",
      note,
    });
    approvals.push({
      callId: decided.callId,
      approvalId: decided.id,
      status: answer === "approve" ? "approved" : "rejected",
      decidedBy: decided.decidedBy ?? "reins-eval",
      note,
    });
    result = await resumeRun({ ...common, runId: result.runId });
  }
  const outcome: TrialOutcome =
    options.timeoutMs !== undefined &&
    result.outcome?.type === "error" &&
    result.outcome.code === ErrorCode.RunTimeout
      ? {
          ...result.outcome,
          message: `the trial timed out: its run did not end within ${options.timeoutMs} ms (trialTimeoutMs)`,
        }
      : result.outcome?.type === "proxied"
        ? {
            type: "error",
            code: ErrorCode.AgentError,
            message:
              "the agent concluded `proxied`, which only `reins mcp-proxy` does; a trial's agent must decide",
          }
        : (result.outcome ??
          (result.suspended?.kind === "tool-failure"
            ? { type: "paused", toolName: result.suspended.toolName, error: result.suspended.error }
            : { type: "error", code: ErrorCode.EvalUnresolved, message: "the run stayed suspended" }));
  return {
    outcome,
    toolCalls: result.toolCalls,
    usage: result.usage,
    initialState,
    finalState: suite.environment.snapshot(world),
    runId: result.runId,
    durationMs: performance.now() - started,
    approvals,
    askedReasons,
    ...(options.trace ? { events: await store.audit.list(result.runId) } : {}),
    ...(recording ? { messages: recording.messages() } : {}),
  };
}

/** Scores a trial into a report entry. */
export async function scoreRun(options: {
  suite: Suite;
  evalCase: EvalCase;
  run: TrialRun;
  trial: number;
  goldState: unknown | undefined;
}): Promise<TrialResult> {
  const { suite, evalCase, run } = options;
  const normalize = suite.environment.normalize ?? ((state: unknown) => state);
  const scored = await scoreTrial(
    {
      case: evalCase,
      charter: suite.charter,
      registry: suite.registry,
      outcome: run.outcome,
      toolCalls: run.toolCalls,
      initialState: run.initialState,
      finalState: run.finalState,
      goldState: options.goldState,
      normalize,
    },
    suite.scorers,
  );
  return {
    caseId: evalCase.id,
    trial: options.trial,
    kind: evalCase.kind,
    impact: evalCase.impact,
    perturbation: evalCase.perturbation ?? null,
    base: evalCase.base ?? null,
    ...(evalCase.change === undefined ? {} : { change: evalCase.change }),
    redteam: evalCase.redteam !== undefined,
    decision: run.outcome.type === "decision" ? run.outcome.decision.decision : null,
    expectedDecision: evalCase.expect.decision ?? null,
    outcome: run.outcome,
    scores: scored.scores,
    passed: scored.passed,
    failures: scored.failures,
    toolCalls: run.toolCalls.map((c) => ({
      callId: c.callId,
      toolName: c.toolName,
      status: c.status,
      input: c.input,
      ...callSummary(c, run.approvals),
      ...(c.attempts === undefined ? {} : { attempts: c.attempts }),
      ...(c.fallbackUsed === undefined ? {} : { fallbackUsed: c.fallbackUsed }),
    })),
    finalStateHash: hashState(run.finalState),
    durationMs: run.durationMs,
    usage: run.usage,
    runId: run.runId,
  };
}
