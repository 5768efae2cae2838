import type { AgentConclusion, ToolCallResult } from "./agent.js";
import type { InputSeal } from "./input-seal.js";
import type { RunResult, ToolCallRecord, Usage } from "./outcome.js";

/** Why a run waits for a human: an approval to decide, or a paused tool failure. */
export type Suspension = NonNullable<RunResult["suspended"]>;

/**
 * What stops a run where it is, recorded on the run before anything is thrown through agent code: the driver
 * honours the record even when agent code swallows the exception.
 */
export type Interrupt =
  | { type: "suspend"; suspended: Suspension }
  | { type: "conclude"; conclusion: AgentConclusion };

/** One call of the run: its record and, once it is settled, the result the agent got (replayed on resume). */
export interface CallEntry {
  record: ToolCallRecord;
  /** Set when the call is settled: a resumed run gives this back instead of judging or executing again. */
  result?: ToolCallResult;
}

/** A run's state while it is driven; what survives a suspension or a crash is its checkpoint (`checkpoint.ts`). */
export interface RunState {
  /** Calls judged so far (any verdict), for `limits.maxToolCalls`. */
  callCount: number;
  callCountByTool: Map<string, number>;
  /** A tool returned abnormal data in this run: further actions are blocked. */
  abnormal: boolean;
  /** Every call by id, in the order last recorded (a call decided again moves to the end). */
  calls: Map<string, CallEntry>;
  /** The outputs of the calls that executed, in order (what policy rules see as `results`). */
  executed: { toolName: string; callId: string; output: unknown }[];
  /** The position the next recorded call takes in the stored checkpoint. */
  nextPosition: number;
  usage: Usage;
  /** How many times a paused tool failure was resumed, by call id (each resumption is a fresh execution key). */
  retryRounds: Map<string, number>;
  /** The model loop's own state (conversation, pending calls); null for function agents. */
  agent: unknown;
  /** Why the run is suspended, while it is. */
  suspended: Suspension | null;
  /** What stopped the run in the middle of agent code, once something did. */
  interrupt: Interrupt | null;
  /** The run's input was stored redacted: what a resumed run checks the input it is given again against. */
  inputSeal: InputSeal | null;
}

export function freshRunState(): RunState {
  return {
    callCount: 0,
    callCountByTool: new Map(),
    abnormal: false,
    calls: new Map(),
    executed: [],
    nextPosition: 0,
    usage: { modelCalls: 0, inputTokens: 0, outputTokens: 0 },
    retryRounds: new Map(),
    agent: null,
    suspended: null,
    interrupt: null,
    inputSeal: null,
  };
}

/** The run's calls as `RunResult.toolCalls` lists them. */
export function toolCallsOf(state: RunState): ToolCallRecord[] {
  return [...state.calls.values()].map((entry) => entry.record);
}

/** Records what happened to a call (a call decided again replaces and moves its earlier record); its position. */
export function recordCall(state: RunState, entry: CallEntry): number {
  const { record } = entry;
  state.calls.delete(record.callId);
  state.calls.set(record.callId, entry);
  if (record.status === "executed") {
    state.executed.push({ toolName: record.toolName, callId: record.callId, output: record.output });
  }
  return state.nextPosition++;
}
