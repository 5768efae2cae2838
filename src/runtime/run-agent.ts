import { randomUUID } from "node:crypto";
import type { AuditSink } from "../audit/audit-log.js";
import type { AutonomyLevel, Charter } from "../charter/charter.js";
import type { ToolRegistry } from "../contract/tool-registry.js";
import { ErrorCode } from "../errors/codes.js";
import { ReinsError, UserError } from "../errors/reins-error.js";
import { gateRules } from "../policy/check-tool-call.js";
import type { PolicyRule } from "../policy/policy-rule.js";
import type { FactRecord, Store, WorkflowState } from "../store/store.js";
import { type RunTelemetry, startRunTelemetry, type TracerOption } from "../telemetry/run-telemetry.js";
import { type Agent, type AgentConclusion, agentLabel, checkAgent } from "./agent.js";
import { certifiedAutonomy } from "./certified-autonomy.js";
import { checkpointCalls, checkpointHeader, readCheckpoint, storedInputSeal } from "./checkpoint.js";
import { type Deadline, deadline } from "./deadline.js";
import { checkDecision } from "./decision-check.js";
import { runFunctionAgent } from "./function-driver.js";
import { checkRunInput } from "./input-check.js";
import { sealInput } from "./input-seal.js";
import { RunInterrupt } from "./interrupt.js";
import { assessKillSwitch } from "./kill-switch.js";
import { acquireLease, type Lease } from "./lease.js";
import { runModelLoop } from "./model-loop.js";
import { checkOriginalInput } from "./original-input.js";
import type { RunOutcome, RunResult } from "./outcome.js";
import { recoveryStep } from "./recovery-paths.js";
import { RunSession } from "./run-session.js";
import { freshRunState, type RunState, toolCallsOf } from "./run-state.js";

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
  /** The audit log (redacting): `createAuditLog({ store, redact })`. Its events are written to `store`. */
  audit: AuditSink;
  /** Overrides the charter's autonomy level for this run (only ever to a level the workflow has earned). */
  autonomy?: AutonomyLevel;
  /** What the tools act on (`ToolContext.env`): a sandbox world in evaluation, your clients in production. */
  env?: unknown;
  /** A run id to use; by default a new one. */
  runId?: string;
  /**
   * Who started the run (the CLI records the OS user), kept in its `run.started` audit event: nobody may approve a
   * call of a run they started from the dashboard. Unrecorded when absent.
   */
  startedBy?: string;
  /**
   * Cancels the run: tools and model requests in flight see it abort, and the run ends with an `error` outcome of
   * code `REINS_RUN_CANCELLED` (or the abort reason's code, when it is a Reins error) whatever the agent code does.
   */
  signal?: AbortSignal;
  /**
   * How long driving the run may take, in ms (each start or resume; time suspended for a human does not count).
   * Default: the charter's `limits.runTimeoutMs`, else none. When it is up, the run's signal aborts (tools in flight
   * see it), and the run ends with an `error` outcome of code `REINS_RUN_TIMEOUT` whatever the agent code does.
   */
  timeoutMs?: number;
  /**
   * Apply the workflow's kill switch (refuse when paused, pause and flag after the run). Default true; evaluation
   * turns it off, because a sandbox's failures say nothing about the production workflow.
   */
  killSwitch?: boolean;
  /**
   * Make the run survive its process dying (default true): each tool call's audit events, journal entry and
   * checkpoint row are written in one transaction as it happens, and a non-idempotent action's start is journalled
   * before it runs, so a resumed run picks up where it stopped and never repeats an action. With `false`, the run's
   * state is written only when it suspends or ends, and executions are not journalled in the store; calls are still
   * kept in the run's own state, so a suspended run resumes without repeating them. Evaluation passes `false`: a
   * trial's store lives in memory and dies with the process. Such a run keeps its input, checkpoint, calls and
   * approvals in its store as they were (it is resumed in the same process from them); only its audit events are
   * redacted. Use it only with a store that dies with the process.
   */
  crashSafe?: boolean;
  /**
   * Where the run's OpenTelemetry spans go (`invoke_agent`, `chat`, `execute_tool`, with the GenAI semantic
   * conventions): a tracer, or `false` for none. Default: the tracer of the globally registered OpenTelemetry SDK,
   * when `@opentelemetry/api` is installed and an SDK is registered; otherwise the run is not traced at all.
   */
  tracer?: TracerOption;
  /** The OpenTelemetry context the run's span is a child of (an `api.Context`); default the active context. */
  traceContext?: unknown;
}

/**
 * Runs a charter on one input with an agent. Every tool call passes the gate; the run ends in a decision, an
 * escalation, a request for input, a refusal or an error, or it suspends for a human (see `resumeRun`).
 * A paused workflow refuses new runs.
 */
export async function runAgent(options: RunAgentOptions): Promise<RunResult> {
  checkAgent(options.agent);
  const limit = runDeadline(options);
  try {
    const { session, lease } = await startSession({ ...options, signal: limit.signal });
    try {
      return await traced(session, async () => {
        const missing = checkRunInput(options.charter, options.input);
        if (missing) return await finish(session, options, missing);
        return await drive(session, options, limit);
      });
    } finally {
      lease.stop();
    }
  } finally {
    limit.release();
  }
}

/** The run's time limit: the caller's, else the charter's, else none (then it only follows the caller's signal). */
function runDeadline(options: Pick<RunAgentOptions, "charter" | "signal" | "timeoutMs">): Deadline {
  return deadline(options.signal ?? neverAborted, options.timeoutMs ?? options.charter.limits.runTimeoutMs);
}

/**
 * Starts a run as `runAgent` does, up to its first step: refuses when the workflow is paused, creates the run record
 * and takes its lease, audits `run.started` and the facts in scope (`context.retrieved`), and returns the session.
 */
export async function startSession(
  options: SessionStartOptions,
  label: string = agentLabel(options.agent as Agent),
): Promise<{ session: RunSession; lease: Lease }> {
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
  // The gate runs a workflow at no more than its certified level (see `settleAutonomy`).
  const settled = await certifiedAutonomy(store, charter, options.autonomy ?? charter.autonomy, new Date());
  const { autonomy } = settled;
  const certification =
    settled.certified === null
      ? {}
      : {
          requestedAutonomy: settled.requested,
          certifiedAutonomy: settled.certified,
          certificate: settled.certificate,
          cappedBy: settled.cappedBy,
          ...(settled.reason === null ? {} : { certificateReason: settled.reason }),
        };
  const state = freshRunState();
  // The run record keeps the input redacted; the run itself goes on with the input as given. A run that is not
  // crash-safe keeps it as given, like the rest of its state (see `RunSession`).
  const keptInput =
    options.audit.redact && options.crashSafe !== false ? options.audit.redact(options.input) : options.input;
  if (keptInput !== options.input) state.inputSeal = await sealInput(options.input);
  await store.runs.create({
    id: runId,
    charter: charter.name,
    charterVersion: charter.version,
    status: "running",
    autonomy,
    agent: label,
    input: keptInput,
    outcome: null,
    checkpoint: options.crashSafe === false ? null : checkpointHeader(state),
  });
  const lease = await acquireLease(store, runId, options.crashSafe !== false);
  let telemetry: RunTelemetry | undefined;
  try {
    telemetry = await runTelemetry(options, runId, autonomy, label, false);
    const facts = await store.facts.list(charter.name);
    const session = newSession(options, {
      runId,
      autonomy,
      input: options.input,
      state,
      facts,
      workflow,
      lease,
      telemetry,
    });
    const agent = label;
    await session.write({
      events: [
        {
          type: "run.started",
          data: {
            charter: charter.name,
            version: charter.version,
            agent,
            autonomy,
            ...certification,
            ...(options.startedBy === undefined ? {} : { startedBy: options.startedBy }),
            input: options.input,
          },
        },
        {
          type: "context.retrieved",
          data: {
            facts: facts.map((f) => ({
              key: f.key,
              value: f.value,
              provenance: f.provenance,
              source: f.source,
            })),
          },
        },
      ],
    });
    return { session, lease };
  } catch (error) {
    lease.stop();
    telemetry?.end(failedSpan(error));
    throw error;
  }
}

/** Starts the run's span (see `RunAgentOptions.tracer`); undefined when nothing records it. */
function runTelemetry(
  options: Pick<RunAgentOptions, "tracer" | "traceContext" | "charter">,
  runId: string,
  autonomy: AutonomyLevel,
  agent: string,
  resumed: boolean,
): Promise<RunTelemetry | undefined> {
  return startRunTelemetry({
    ...(options.tracer === undefined ? {} : { tracer: options.tracer }),
    ...(options.traceContext === undefined ? {} : { parent: options.traceContext }),
    charter: options.charter,
    runId,
    agent,
    autonomy,
    resumed,
  });
}

/** Drives a run under its span, which ends with what the run came to. */
export async function traced(session: RunSession, work: () => Promise<RunResult>): Promise<RunResult> {
  const { telemetry } = session;
  if (telemetry === undefined) return work();
  try {
    const result = await work();
    telemetry.end({
      status: result.status,
      outcome: result.outcome,
      usage: result.usage,
      ...(result.suspended?.kind === "approval" ? { approvalId: result.suspended.approval.approvalId } : {}),
    });
    return result;
  } catch (error) {
    telemetry.end(failedSpan(error));
    throw error;
  }
}

function failedSpan(error: unknown) {
  return {
    status: "failed",
    outcome: { type: "error", code: ReinsError.isInstance(error) ? error.code : ErrorCode.AgentError },
    usage: { modelCalls: 0, inputTokens: 0, outputTokens: 0 },
  };
}

/** What starting a session takes: a run's options, where an agent that is not Reins' own gives only its label. */
export type SessionStartOptions = Omit<RunAgentOptions, "agent"> & { agent?: Agent };

export interface ResumeRunOptions
  extends Omit<RunAgentOptions, "input" | "autonomy" | "runId" | "startedBy"> {
  /** The suspended (or interrupted) run. */
  runId: string;
  /**
   * The run's input, given again. Required when the run stored its input redacted (it held a secret or a charter
   * `redact` field): the store keeps only `[REDACTED]` and a salted hash, and the run must not go on with
   * `[REDACTED]`. It must be the input the run started with (checked against both); otherwise optional, and checked
   * against the stored input when given.
   */
  input?: unknown;
}

/**
 * Continues a run where it stopped: after an approval was decided, after a paused tool failure, or after the
 * process died. Calls already made are replayed from the journal, never executed again. One process drives a run
 * at a time: resuming a run another process is driving fails with `REINS_RUN_BUSY`.
 */
export async function resumeRun(options: ResumeRunOptions): Promise<RunResult> {
  checkAgent(options.agent);
  const limit = runDeadline(options);
  try {
    return await resume({ ...options, signal: limit.signal }, limit);
  } finally {
    limit.release();
  }
}

async function resume(options: ResumeRunOptions, limit: Deadline): Promise<RunResult> {
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
  const input = await resumedInput(run, options);
  const lease = await acquireLease(store, run.id, options.crashSafe !== false);
  try {
    // Read under the lease: what another driver wrote before it let go is in it.
    const current = (await store.runs.get(run.id)) ?? run;
    if (current.status === "completed" || current.status === "failed") {
      throw new UserError({
        code: ErrorCode.RunInvalid,
        message: `run ${run.id} already ended (${current.status}); nothing to resume`,
      });
    }
    const state = readCheckpoint(run.id, current.checkpoint, await store.runs.calls(run.id));
    if (state.suspended?.kind === "approval") {
      const approval = await store.approvals.get(state.suspended.approval.approvalId);
      if (approval?.status === "pending") {
        await store.runs.release(run.id, lease.holder);
        return resultOf(run.id, "suspended", null, state, []);
      }
    }
    const workflow = await store.workflows.get(charter.name);
    const facts = await store.facts.list(charter.name);
    const suspended = state.suspended;
    state.suspended = null;
    state.interrupt = null;
    const autonomy = current.autonomy as AutonomyLevel;
    const telemetry = await runTelemetry(options, run.id, autonomy, current.agent, true);
    const session = newSession(options, {
      runId: run.id,
      autonomy,
      input,
      state,
      facts,
      workflow,
      lease,
      telemetry,
    });
    return await traced(session, async () => {
      await session.writeRun({
        events: [{ type: "run.resumed", data: { from: current.status, suspended } }],
        run: { status: "running", checkpoint: checkpointHeader(state) },
      });
      return drive(session, options, limit);
    });
  } finally {
    lease.stop();
  }
}

/**
 * The input a resumed run goes on with: the one given again when the run stored its input redacted (checked against
 * the stored form and the run's input seal), else the stored one (checked against the one given, if any).
 */
async function resumedInput(
  run: { id: string; input: unknown; checkpoint: unknown },
  options: ResumeRunOptions,
): Promise<unknown> {
  const seal = storedInputSeal(run.checkpoint);
  if (options.input === undefined) {
    if (seal === undefined) return run.input;
    throw new UserError({
      code: ErrorCode.RunInputMismatch,
      message: `input: missing; run ${run.id} stored its input redacted (it holds a secret or a charter \`redact\` field), so resuming it needs the input it started with again`,
      option: "input",
      hint: "pass the run's input file again: `reins resume <charter> <runId> --input <file>` (or `resumeRun({ input })`)",
    });
  }
  await checkOriginalInput(run, options.input, options.audit.redact);
  return options.input;
}

/** The signal of a run nobody can cancel, shared: an AbortSignal per run was a visible cost of a latency-bound eval. */
const neverAborted = new AbortController().signal;

/** What a run's session is made of besides the caller's options. */
interface SessionParts {
  runId: string;
  autonomy: AutonomyLevel;
  input: unknown;
  state: RunState;
  facts: readonly FactRecord[];
  workflow: WorkflowState;
  lease: Lease;
  telemetry: RunTelemetry | undefined;
}

function newSession(options: SessionStartOptions | ResumeRunOptions, parts: SessionParts): RunSession {
  return new RunSession({
    runId: parts.runId,
    autonomy: parts.autonomy,
    input: parts.input,
    state: parts.state,
    facts: parts.facts,
    charter: options.charter,
    registry: options.registry,
    rules: gateRules(options.charter, options.policies ?? []),
    store: options.store,
    audit: options.audit,
    env: options.env,
    // Without the kill switch, a paused workflow does not stop the run's calls either.
    workflow: options.killSwitch === false ? { ...parts.workflow, paused: false } : parts.workflow,
    signal: options.signal ?? neverAborted,
    crashSafe: options.crashSafe ?? true,
    leaseHolder: parts.lease.holder,
    ...(parts.telemetry === undefined ? {} : { telemetry: parts.telemetry }),
  });
}

/**
 * The outcome a run ends in once its signal aborts: the reason's code when it is a Reins error (a stalled CLI
 * process, say), else `REINS_RUN_CANCELLED`. Never settles while the signal stays unaborted; `release` stops listening.
 */
function whenAborted(signal: AbortSignal): { outcome: Promise<RunOutcome>; release(): void } {
  let onAbort = () => {};
  const outcome = new Promise<RunOutcome>((resolve) => {
    onAbort = () => {
      const reason: unknown = signal.reason;
      resolve(
        ReinsError.isInstance(reason)
          ? { type: "error", code: reason.code, message: reason.message }
          : {
              type: "error",
              code: ErrorCode.RunCancelled,
              message: `the run was cancelled${reason instanceof Error && reason.message ? `: ${reason.message}` : ""}`,
            },
      );
    };
  });
  if (signal.aborted) onAbort();
  else signal.addEventListener("abort", onAbort, { once: true });
  return { outcome, release: () => signal.removeEventListener("abort", onAbort) };
}

/** What the race against a run's time limit returns when the limit wins. */
const timedOut: RunOutcome = { type: "error", code: ErrorCode.RunTimeout, message: "" };

/** What driving a run takes from the caller's options: the agent, and whether the kill switch applies. */
type DriveOptions = Pick<RunAgentOptions, "agent" | "audit" | "killSwitch" | "timeoutMs">;

/** What ending a run takes from the caller's options: the audit log, and whether the kill switch applies. */
export type FinishOptions = Pick<RunAgentOptions, "audit" | "killSwitch">;

/**
 * Runs the agent, then honours what the run's state says: an interrupt recorded by the gate (suspension or a
 * recovery path's conclusion) wins over whatever the agent code returned or threw, since it may have caught it.
 */
async function drive(session: RunSession, options: DriveOptions, limit: Deadline): Promise<RunResult> {
  let ending: AgentConclusion | RunOutcome | undefined;
  // In an async function, so that agent code that throws before its first await is caught below like the rest.
  const running = (async () =>
    options.agent.kind === "model"
      ? runModelLoop(session, options.agent)
      : runFunctionAgent(session, options.agent))();
  // Agent code that outlives its time limit cannot be stopped, only left: what it throws later goes nowhere.
  running.catch(() => {});
  // The signal (the caller's, or the time limit's) ends the drive even when the agent code ignores it.
  const cancelled = whenAborted(limit.signal);
  try {
    ending = await Promise.race(
      limit.ms === undefined
        ? [running, cancelled.outcome]
        : [running, cancelled.outcome, limit.reached.then(() => timedOut)],
    );
  } catch (error) {
    if (ReinsError.isInstance(error) && error.code === ErrorCode.RunLeaseLost) throw error;
    if (!(error instanceof RunInterrupt)) {
      const code = ReinsError.isInstance(error) ? error.code : ErrorCode.AgentError;
      ending = { type: "error", code, message: error instanceof Error ? error.message : String(error) };
    }
  } finally {
    cancelled.release();
  }
  if (
    ending === timedOut ||
    (limit.expired() && ending?.type === "error" && session.state.interrupt === null)
  ) {
    // What the agent did after the signal aborted (an abort error, a tool's failure) is the timeout's doing.
    ending = {
      type: "error",
      code: ErrorCode.RunTimeout,
      message: `the run did not end within ${limit.ms} ms (${options.timeoutMs === undefined ? "limits.runTimeoutMs" : "its timeoutMs"}); its signal was aborted`,
    };
  }
  const interrupt = session.state.interrupt;
  if (interrupt?.type === "suspend") return suspend(session, interrupt.suspended);
  if (interrupt?.type === "conclude") return finish(session, options, interrupt.conclusion);
  return finish(
    session,
    options,
    ending ?? {
      type: "error",
      code: ErrorCode.AgentError,
      message: "the agent stopped without a conclusion",
    },
  );
}

export async function suspend(
  session: RunSession,
  suspended: NonNullable<RunState["suspended"]>,
): Promise<RunResult> {
  const { state } = session;
  state.suspended = suspended;
  await session.writeRun({
    events: [{ type: "run.suspended", data: suspended }],
    // A run that is not crash-safe writes its whole state now: it is resumed from this.
    ...(session.crashSafe ? {} : { calls: checkpointCalls(state) }),
    run: { status: "suspended", checkpoint: checkpointHeader(state) },
    release: true,
  });
  return resultOf(session.runId, "suspended", null, state, []);
}

export async function finish(
  session: RunSession,
  options: FinishOptions,
  ending: AgentConclusion | RunOutcome,
): Promise<RunResult> {
  const { state } = session;
  const outcome = toOutcome(session.charter, ending);
  const status = outcome.type === "error" ? "failed" : "completed";
  // A run that ended is never resumed: only a crash-safe one keeps its final state in the store.
  await session.writeRun({
    events: [{ type: "run.ended", data: { status, outcome, usage: state.usage } }],
    run: { status, outcome, checkpoint: session.crashSafe ? checkpointHeader(state) : null },
    release: true,
  });
  const warnings: string[] = [];
  if (options.killSwitch !== false) {
    // The run is over and what it did is written: a failure to assess the workflow is a warning, not the run's outcome.
    try {
      await assessKillSwitch(session.store, session.charter, options.audit);
    } catch (error) {
      warnings.push(
        `the workflow's kill switch could not be assessed after this run: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return resultOf(session.runId, status, outcome, state, warnings);
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
  if (low && recoveryStep(charter.recovery, "lowConfidence") === "escalate") {
    return { type: "escalation", reason: "low_confidence", evidence: { decision: ending.decision } };
  }
  return { type: "decision", decision: ending.decision, draft: low };
}

function resultOf(
  runId: string,
  status: RunResult["status"],
  outcome: RunOutcome | null,
  state: RunState,
  warnings: string[],
): RunResult {
  return {
    runId,
    status,
    outcome,
    ...(state.suspended ? { suspended: state.suspended } : {}),
    toolCalls: toolCallsOf(state),
    usage: state.usage,
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}
