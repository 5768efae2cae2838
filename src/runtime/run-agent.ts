import { randomUUID } from "node:crypto";
import type { AutonomyLevel, Charter } from "../charter/charter.js";
import type { ToolRegistry } from "../contract/tool-registry.js";
import { ErrorCode } from "../errors/codes.js";
import { ReinsError, UserError } from "../errors/reins-error.js";
import type { PolicyRule } from "../policy/policy-rule.js";
import type { FactRecord, RunRecord, Store, WorkflowState } from "../store/store.js";
import { type Agent, type AgentConclusion, agentLabel } from "./agent.js";
import { checkDecision } from "./decision-check.js";
import { runFunctionAgent } from "./function-driver.js";
import { checkRunInput } from "./input-check.js";
import { assessKillSwitch } from "./kill-switch.js";
import { runModelLoop } from "./model-loop.js";
import type { RunOutcome, RunResult } from "./outcome.js";
import { type AuditSink, freshSessionState, RunSession, type SessionState } from "./run-session.js";
import { ConcludeRun, SuspendRun } from "./signals.js";

export interface RunAgentOptions {
  /** The workflow. */
  charter: Charter;
  /** Tool cards the charter's names resolve to. */
  registry: ToolRegistry;
  /** Custom policy rules, checked after the built-in and declared ones. */
  policies?: readonly PolicyRule[];
  /** A model or a function that gets gated tools. */
  agent: Agent;
  /** The run's input, validated against the charter's input schema. */
  input: unknown;
  /** Where runs, approvals, the journal and the audit log live. */
  store: Store;
  /** The audit log (redacting); pass `createAuditLog({ store, redact })`. */
  audit: AuditSink;
  /** Overrides the charter's autonomy level for this run (only ever to a level the workflow has earned). */
  autonomy?: AutonomyLevel;
  /** What the tools act on (`ToolContext.env`): a sandbox world in evaluation, your clients in production. */
  env?: unknown;
  /** A run id to use; by default a new one. */
  runId?: string;
  /** Cancels the run. */
  signal?: AbortSignal;
  /**
   * Apply the workflow's kill switch (refuse when paused, pause and flag after the run). Default true; evaluation
   * turns it off, because a sandbox's failures say nothing about the production workflow.
   */
  killSwitch?: boolean;
  /**
   * Make the run survive its process dying (default true): its state is saved as a checkpoint after every model step
   * and tool call, and every execution is journalled in the store under its idempotency key before and after, so a
   * resumed run picks up where it stopped and never repeats an action. With `false`, state is saved only when the run
   * suspends (an ended run records its status and outcome, its state is in the `RunResult`) and executions are not
   * journalled in the store; calls are still kept in the run's own state, so a suspended run resumes without
   * repeating them. Evaluation passes `false`: a trial's store lives in memory and
   * dies with the process, so neither could ever be read after a crash (writing them was a quarter of a trial).
   */
  crashSafe?: boolean;
}

/**
 * Runs a charter on one input with an agent. Every tool call passes the gate; the run ends in a decision, an
 * escalation, a request for input, a refusal or an error, or it suspends for a human (see `resumeRun`).
 * A paused workflow refuses new runs.
 */
export async function runAgent(options: RunAgentOptions): Promise<RunResult> {
  const session = await startSession(options);
  const missing = checkRunInput(options.charter, options.input);
  if (missing) return finish(session, options, missing);
  return drive(session, options);
}

/**
 * Starts a run as `runAgent` does, up to its first step: refuses when the workflow is paused, creates the run record,
 * audits `run.started` and the facts in scope (`context.retrieved`), and returns the run's session.
 */
export async function startSession(options: RunAgentOptions): Promise<RunSession> {
  const { charter, store } = options;
  const workflow = await store.workflows.get(charter.name);
  if (workflow.paused && options.killSwitch !== false) {
    throw new UserError({
      code: ErrorCode.WorkflowPaused,
      message: `workflow "${charter.name}" is paused${workflow.pausedReason ? `: ${workflow.pausedReason}` : ""}; it refuses new runs`,
      hint: `once the cause is fixed, a human resumes it with \`reins workflow resume ${charter.name}\``,
    });
  }
  const runId = options.runId ?? `run_${Date.now().toString(36)}_${randomUUID().slice(0, 8)}`;
  const autonomy = options.autonomy ?? charter.autonomy;
  const state = freshSessionState();
  await store.runs.create({
    id: runId,
    charter: charter.name,
    charterVersion: charter.version,
    status: "running",
    autonomy,
    agent: agentLabel(options.agent),
    input: options.input,
    outcome: null,
    // A run that is not crash-safe has nothing to resume until it suspends.
    checkpoint: options.crashSafe === false ? null : state,
  });
  const audited = options.audit.discards !== true;
  if (audited) {
    await options.audit.append({
      runId,
      type: "run.started",
      data: {
        charter: charter.name,
        version: charter.version,
        agent: agentLabel(options.agent),
        autonomy,
        input: options.input,
      },
    });
  }
  const facts = await store.memory.list(charter.name);
  if (audited) {
    await options.audit.append({
      runId,
      type: "context.retrieved",
      data: {
        facts: facts.map((f) => ({ key: f.key, value: f.value, provenance: f.provenance, source: f.source })),
      },
    });
  }
  return newSession(options, { runId, autonomy, input: options.input, state, facts, workflow });
}

export interface ResumeRunOptions extends Omit<RunAgentOptions, "input" | "autonomy" | "runId"> {
  /** The suspended (or interrupted) run. */
  runId: string;
}

/**
 * Continues a run where it stopped: after an approval was decided, after a paused tool failure, or after the
 * process died. Calls already made are replayed from the journal, never executed again.
 */
export async function resumeRun(options: ResumeRunOptions): Promise<RunResult> {
  const { store, charter } = options;
  const run = await store.runs.get(options.runId);
  if (!run) {
    throw new UserError({
      code: ErrorCode.RunInvalid,
      message: `no run with id ${options.runId}`,
      hint: "list runs with `reins approvals list` or check the id",
    });
  }
  if (run.status === "completed" || run.status === "failed") {
    throw new UserError({
      code: ErrorCode.RunInvalid,
      message: `run ${run.id} already ended (${run.status}); nothing to resume`,
    });
  }
  if (run.charter !== charter.name || run.charterVersion !== charter.version) {
    throw new UserError({
      code: ErrorCode.RunInvalid,
      message: `run ${run.id} started under ${run.charter} v${run.charterVersion}, not ${charter.name} v${charter.version}`,
      hint: "resume it with the charter version it started with",
    });
  }
  const state = (run.checkpoint as SessionState | null) ?? freshSessionState();
  if (state.suspended?.kind === "approval") {
    const approval = await store.approvals.get(state.suspended.approval.approvalId);
    if (approval?.status === "pending") return resultOf(run.id, "suspended", null, state);
  }
  const workflow = await store.workflows.get(charter.name);
  const facts = await store.memory.list(charter.name);
  await options.audit.append({
    runId: run.id,
    type: "run.resumed",
    data: { from: run.status, suspended: state.suspended },
  });
  state.suspended = null;
  await store.runs.update(run.id, { status: "running", checkpoint: state });
  const autonomy = run.autonomy as AutonomyLevel;
  const session = newSession(options, { runId: run.id, autonomy, input: run.input, state, facts, workflow });
  return drive(session, options);
}

/** The signal of a run nobody can cancel: one for all of them (an AbortController per run was measurable). */
const neverAborted = new AbortController().signal;

/** What a run's session is made of besides the caller's options: its record, state, facts and workflow. */
interface SessionParts {
  runId: string;
  autonomy: AutonomyLevel;
  input: unknown;
  state: SessionState;
  facts: readonly FactRecord[];
  workflow: WorkflowState;
}

function newSession(options: ResumeRunOptions | RunAgentOptions, parts: SessionParts): RunSession {
  return new RunSession({
    runId: parts.runId,
    autonomy: parts.autonomy,
    input: parts.input,
    state: parts.state,
    facts: parts.facts,
    charter: options.charter,
    registry: options.registry,
    policies: options.policies ?? [],
    store: options.store,
    audit: options.audit,
    env: options.env,
    // Without the kill switch, a paused workflow does not stop the run's calls either.
    workflow: options.killSwitch === false ? unpaused(parts.workflow) : parts.workflow,
    signal: options.signal ?? neverAborted,
    crashSafe: options.crashSafe ?? true,
  });
}

function unpaused(workflow: WorkflowState): WorkflowState {
  // A copy, then the one field set: `{ ...workflow, paused: false }` takes V8's slow path (~20× slower).
  const copy = { ...workflow };
  copy.paused = false;
  return copy;
}

/** What driving a run takes from the caller's options: the agent, and whether the kill switch applies. */
type DriveOptions = Pick<RunAgentOptions, "agent" | "audit" | "killSwitch">;

async function drive(session: RunSession, options: DriveOptions): Promise<RunResult> {
  let conclusion: AgentConclusion;
  try {
    conclusion =
      options.agent.kind === "model"
        ? await runModelLoop(session, options.agent)
        : await runFunctionAgent(session, options.agent);
  } catch (error) {
    if (error instanceof SuspendRun) {
      session.state.suspended = error.suspended;
      await session.store.runs.update(session.runId, { status: "suspended", checkpoint: session.state });
      await session.audit("run.suspended", error.suspended);
      return resultOf(session.runId, "suspended", null, session.state);
    }
    if (error instanceof ConcludeRun) {
      conclusion = error.conclusion;
    } else {
      const code = ReinsError.isInstance(error) ? error.code : "AGENT_ERROR";
      const message = error instanceof Error ? error.message : String(error);
      return finish(session, options, { type: "error", code, message });
    }
  }
  return finish(session, options, conclusion);
}

async function finish(
  session: RunSession,
  options: DriveOptions,
  ending: AgentConclusion | RunOutcome,
): Promise<RunResult> {
  const outcome = toOutcome(session.charter, ending);
  const status = outcome.type === "error" ? "failed" : "completed";
  // A run that ended is never resumed: only a crash-safe one keeps its final state in the store (evaluation trials
  // return theirs, and serialising it was the largest write of a trial).
  await session.store.runs.update(session.runId, {
    status,
    outcome,
    checkpoint: session.crashSafe ? session.state : null,
  });
  if (session.audited) await session.audit("run.ended", { status, outcome, usage: session.state.usage });
  if (options.killSwitch !== false) await assessKillSwitch(session.store, session.charter, options.audit);
  return resultOf(session.runId, status, outcome, session.state);
}

/**
 * Every decision, from a model or a function agent, is validated against the charter's decision schema (an invalid
 * one ends as needs_review); a decision below the confidence threshold is a draft (or an escalation, as declared).
 */
function toOutcome(charter: Charter, ending: AgentConclusion | RunOutcome): RunOutcome {
  if (ending.type !== "decision") return ending;
  const checked = checkDecision(charter, ending.decision);
  if (!checked.ok) {
    return {
      type: "escalation",
      reason: "needs_review",
      evidence: { problem: checked.problem, lastAttempt: ending.decision },
    };
  }
  const low = ending.decision.confidence < charter.decision.confidenceThreshold;
  if (low && charter.recovery.lowConfidence === "escalate") {
    return { type: "escalation", reason: "low_confidence", evidence: { decision: ending.decision } };
  }
  return { type: "decision", decision: ending.decision, draft: low };
}

function resultOf(
  runId: string,
  status: RunRecord["status"],
  outcome: RunOutcome | null,
  state: SessionState,
): RunResult {
  return {
    runId,
    status,
    outcome,
    ...(state.suspended ? { suspended: state.suspended } : {}),
    toolCalls: state.toolCalls,
    usage: state.usage,
  };
}
