import type { AuditSink } from "../audit/audit-log.js";
import type { Redactor } from "../audit/redact.js";
import type { Charter } from "../charter/charter.js";
import type { ToolRegistry } from "../contract/tool-registry.js";
import type { PolicyRule } from "../policy/policy-rule.js";
import type {
  AuditEventInput,
  FactRecord,
  RunStep,
  RunStepResult,
  Store,
  WorkflowState,
} from "../store/store.js";
import type { RunTelemetry } from "../telemetry/run-telemetry.js";
import { checkpointHeader, keptCheckpoint } from "./checkpoint.js";
import type { RunState } from "./run-state.js";

export interface RunSessionOptions {
  runId: string;
  /** The run's input (given to policy rules). */
  input: unknown;
  charter: Charter;
  registry: ToolRegistry;
  /** Every rule the gate consults in this run (`gateRules`). */
  rules: readonly PolicyRule[];
  store: Store;
  audit: AuditSink;
  autonomy: Charter["autonomy"];
  env: unknown;
  facts: readonly FactRecord[];
  workflow: WorkflowState;
  state: RunState;
  signal: AbortSignal;
  /** Whether every step is written to the store as it happens, and executions journalled (see `runAgent`). */
  crashSafe: boolean;
  /** The lease this process drives the run under. */
  leaseHolder: string;
  /** The run's OpenTelemetry spans, when a tracer records them; absent, nothing is traced. */
  telemetry?: RunTelemetry;
}

/** A step of the run as the runtime writes it: the store's `RunStep` with events not yet through the audit sink. */
export type SessionStep = Omit<RunStep, "runId" | "events" | "lease"> & {
  events?: readonly { type: string; data: unknown }[];
  /** Drop the run's lease with this step (the run ends or suspends). */
  release?: boolean;
};

/** One run in progress: its settings, its state, and the one place that writes it. */
export class RunSession {
  readonly runId: string;
  readonly input: unknown;
  readonly charter: Charter;
  readonly registry: ToolRegistry;
  readonly rules: readonly PolicyRule[];
  readonly store: Store;
  readonly autonomy: Charter["autonomy"];
  readonly env: unknown;
  readonly facts: readonly FactRecord[];
  readonly workflow: WorkflowState;
  readonly signal: AbortSignal;
  readonly crashSafe: boolean;
  readonly leaseHolder: string;
  readonly state: RunState;
  readonly telemetry: RunTelemetry | undefined;
  readonly #audit: AuditSink;
  readonly #redact: Redactor | undefined;

  constructor(options: RunSessionOptions) {
    this.runId = options.runId;
    this.input = options.input;
    this.charter = options.charter;
    this.registry = options.registry;
    this.rules = options.rules;
    this.store = options.store;
    this.#audit = options.audit;
    // A run that is not crash-safe (an evaluation trial) writes to a store that dies with its process, and is resumed
    // in that process from what it wrote: it keeps its state as it was, so that a traced trial replays as an untraced
    // one. Its audit events are redacted all the same; its results and reports are redacted where they are made.
    this.#redact = options.crashSafe ? options.audit.redact : undefined;
    this.autonomy = options.autonomy;
    this.env = options.env;
    this.facts = options.facts;
    this.workflow = options.workflow;
    this.state = options.state;
    this.signal = options.signal;
    this.crashSafe = options.crashSafe;
    this.leaseHolder = options.leaseHolder;
    this.telemetry = options.telemetry;
  }

  /**
   * Writes a step of the run in one transaction, under the run's lease. A run that is not crash-safe keeps its calls,
   * checkpoint and journal in memory between suspensions: only its audit events and approvals are written here.
   */
  async write(step: SessionStep): Promise<RunStepResult> {
    if (this.crashSafe) return this.#commit(step);
    const events = this.#events(step.events);
    if (events.length === 0 && step.approval === undefined) return {};
    return this.store.commit({
      runId: this.runId,
      events,
      ...(step.approval ? { approval: this.#keptApproval(step.approval) } : {}),
    });
  }

  /** Writes a change of the run's status or outcome (start, suspension, resumption, end), crash-safe or not. */
  writeRun(step: SessionStep): Promise<RunStepResult> {
    return this.#commit(step);
  }

  /** Saves the run's checkpoint header (the model loop's state is in it); a run that is not crash-safe is saved when it suspends. */
  async save(): Promise<void> {
    if (this.crashSafe) await this.#commit({ run: { checkpoint: checkpointHeader(this.state) } });
  }

  #events(events: SessionStep["events"]): AuditEventInput[] {
    const prepared: AuditEventInput[] = [];
    for (const event of events ?? []) {
      const kept = this.#audit.prepare({ runId: this.runId, type: event.type, data: event.data });
      if (kept !== undefined) prepared.push(kept);
    }
    return prepared;
  }

  #commit(step: SessionStep): Promise<RunStepResult> {
    const { events, release, ...writes } = step;
    // Only a crash-safe run holds a lease (`acquireLease`); the others are driven by the process that holds them.
    const lease = this.crashSafe
      ? { lease: { holder: this.leaseHolder, ...(release ? { release } : {}) } }
      : {};
    return this.store.commit({
      runId: this.runId,
      ...this.#kept(writes),
      events: this.#events(events),
      ...lease,
    });
  }

  /**
   * What the store keeps of a step: the audit sink's redaction applied once to each value written (the approval's
   * input and reasons, the calls' records, the journalled result, the run's outcome and checkpoint). The values the
   * run goes on with are not touched: a tool runs on what the agent passed, and the agent gets what the tool answered.
   */
  #kept(writes: Omit<SessionStep, "events" | "release">): Omit<SessionStep, "events" | "release"> {
    const redact = this.#redact;
    if (redact === undefined) return writes;
    const kept = { ...writes };
    if (writes.approval) kept.approval = this.#keptApproval(writes.approval);
    if (writes.calls) kept.calls = writes.calls.map((call) => ({ ...call, data: redact(call.data) }));
    if (writes.finishAction)
      kept.finishAction = { ...writes.finishAction, result: redact(writes.finishAction.result) };
    if (writes.run) {
      const run = { ...writes.run };
      if (run.outcome !== undefined) run.outcome = redact(run.outcome);
      if (run.checkpoint !== undefined) run.checkpoint = keptCheckpoint(run.checkpoint, redact);
      kept.run = run;
    }
    return kept;
  }

  #keptApproval(approval: NonNullable<SessionStep["approval"]>): NonNullable<SessionStep["approval"]> {
    const redact = this.#redact;
    if (redact === undefined) return approval;
    return { ...approval, input: redact(approval.input), reasons: redact(approval.reasons) };
  }
}
