import type { Charter } from "../charter/charter.js";
import type { ToolRegistry } from "../contract/tool-registry.js";
import type { FactUse, PolicyRule } from "../policy/policy-rule.js";
import type { AuditEventInput, FactRecord, Store, WorkflowState } from "../store/store.js";
import type { ToolCallResult } from "./agent.js";
import type { RunResult, ToolCallRecord, Usage } from "./outcome.js";

/** Where audit events go (the audit log, which redacts before it writes). */
export interface AuditSink {
  append(event: AuditEventInput): Promise<unknown>;
  /**
   * `true` for a sink that keeps nothing (evaluation trials): the runtime then does not build the events it would
   * append, a dozen per run.
   */
  readonly discards?: boolean;
}

/** The part of a run's state that survives a suspension or a crash, saved as the run's checkpoint. */
export interface SessionState {
  schemaVersion: 1;
  callCount: number;
  callCountByTool: Record<string, number>;
  /** A tool returned abnormal data in this run: further actions are blocked. */
  abnormal: boolean;
  toolCalls: ToolCallRecord[];
  usage: Usage;
  /** Results of calls already judged or executed, by call id: replayed, never redone, on resume. */
  journal: Record<string, ToolCallResult>;
  /** How many times a paused tool failure was resumed, by call id (each resumption is a fresh execution key). */
  retryRounds: Record<string, number>;
  /** The model loop's own state (conversation, pending calls); null for function agents. */
  agent: unknown;
  /** Why the run is suspended, while it is. */
  suspended: RunResult["suspended"] | null;
}

export function freshSessionState(): SessionState {
  return {
    schemaVersion: 1,
    callCount: 0,
    callCountByTool: {},
    abnormal: false,
    toolCalls: [],
    usage: { modelCalls: 0, inputTokens: 0, outputTokens: 0 },
    journal: {},
    retryRounds: {},
    agent: null,
    suspended: null,
  };
}

export interface RunSessionOptions {
  runId: string;
  /** The run's input (given to policy rules). */
  input?: unknown;
  charter: Charter;
  registry: ToolRegistry;
  policies: readonly PolicyRule[];
  store: Store;
  audit: AuditSink;
  autonomy: Charter["autonomy"];
  env: unknown;
  facts: readonly FactRecord[];
  workflow: WorkflowState;
  state: SessionState;
  signal: AbortSignal;
  /** Whether `save()` writes after every step and call and executions are journalled in the store (see `runAgent`). */
  crashSafe: boolean;
}

/** One run in progress: its settings, its durable state, and the one place that writes its audit events. */
export class RunSession {
  readonly runId: string;
  readonly input: unknown;
  readonly charter: Charter;
  readonly registry: ToolRegistry;
  readonly policies: readonly PolicyRule[];
  readonly store: Store;
  readonly autonomy: Charter["autonomy"];
  readonly env: unknown;
  readonly facts: readonly FactRecord[];
  readonly workflow: WorkflowState;
  readonly signal: AbortSignal;
  readonly crashSafe: boolean;
  state: SessionState;
  /**
   * Every rule the gate consults in this run (built-in, the charter's, its policies, then the abnormal-data block),
   * made on its first call by `gatedCall`. A field rather than a WeakMap keyed by the session: with the WeakMap, more of each evaluation trial
   * survived minor GCs into the old generation.
   */
  gateRules: readonly PolicyRule[] | undefined;
  /** Whether audit events are kept: without, callers skip building them (`if (session.audited) …`). */
  readonly audited: boolean;
  private readonly sink: AuditSink;

  constructor(options: RunSessionOptions) {
    this.runId = options.runId;
    this.input = options.input;
    this.charter = options.charter;
    this.registry = options.registry;
    this.policies = options.policies;
    this.store = options.store;
    this.sink = options.audit;
    this.audited = options.audit.discards !== true;
    this.gateRules = undefined;
    this.autonomy = options.autonomy;
    this.env = options.env;
    this.facts = options.facts;
    this.workflow = options.workflow;
    this.state = options.state;
    this.signal = options.signal;
    this.crashSafe = options.crashSafe;
  }

  audit(type: string, data: unknown): Promise<unknown> {
    return this.sink.append({ runId: this.runId, type, data });
  }

  /** Persists the state as the run's checkpoint (a run that is not crash-safe is saved only when it stops). */
  async save(): Promise<void> {
    if (!this.crashSafe) return;
    await this.store.runs.update(this.runId, { checkpoint: this.state });
  }

  /** The provenance of the facts a call says it rests on; unknown keys count as inferred (nobody verified them). */
  factUses(keys: readonly string[] | undefined): FactUse[] {
    return (keys ?? []).map((key) => {
      const fact = this.facts.find((f) => f.key === key);
      return { key, provenance: fact?.provenance ?? "inferred" };
    });
  }

  /** Records what happened to a call; a call decided again after a resume replaces its earlier record. */
  record(call: ToolCallRecord): void {
    const calls = this.state.toolCalls.filter((c) => c.callId !== call.callId);
    calls.push(call);
    this.state.toolCalls = calls;
  }
}
