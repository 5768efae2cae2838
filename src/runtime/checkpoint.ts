import { z } from "zod";
import type { Redactor } from "../audit/redact.js";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import type { RunCallEntry } from "../store/store.js";
import type { ToolCallResult } from "./agent.js";
import type { InputSeal } from "./input-seal.js";
import { type ToolCallRecord, toolCallStatuses } from "./outcome.js";
import {
  type CallEntry,
  freshRunState,
  type Interrupt,
  type RunState,
  recordCall,
  type Suspension,
} from "./run-state.js";

/**
 * A run's checkpoint, as stored. Version 2 (written since the per-call path became plan + apply) is a small header on
 * the run's row plus one row per call (`Store.runs.calls`), so that a call writes its own row instead of the whole
 * run again. Version 1 (Reins 0.1.0) kept everything in the header; it is still read (`test/fixtures/checkpoints-v1`).
 */
export const checkpointVersion = 2;

const reason = z.looseObject({ rule: z.string(), code: z.string(), message: z.string() });
const verdict = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("allow"), approvedBy: z.string().optional() }),
  z.looseObject({ type: z.literal("deny"), reasons: z.array(reason) }),
  z.looseObject({ type: z.literal("require-approval"), reasons: z.array(reason) }),
]);
const toolCallRecord = z.looseObject({
  callId: z.string(),
  toolName: z.string(),
  input: z.unknown(),
  verdict,
  status: z.enum(toolCallStatuses),
});
const toolCallResult = z.looseObject({
  status: z.enum(["ok", "denied", "proposed", "shadowed", "rejected", "error"]),
});
const usage = z.object({ modelCalls: z.number(), inputTokens: z.number(), outputTokens: z.number() });
const suspended = z.union([
  z.looseObject({
    kind: z.literal("approval"),
    approval: z.looseObject({ approvalId: z.string(), callId: z.string(), toolName: z.string() }),
  }),
  z.looseObject({
    kind: z.literal("tool-failure"),
    callId: z.string(),
    toolName: z.string(),
    error: z.string(),
  }),
]);
const interrupt = z.union([
  z.object({ type: z.literal("suspend"), suspended }),
  z.object({ type: z.literal("conclude"), conclusion: z.looseObject({ type: z.string() }) }),
]);
const counts = z.array(z.tuple([z.string(), z.number().int().min(0)]));

const headerV1 = z.object({
  schemaVersion: z.literal(1),
  callCount: z.number().int().min(0),
  callCountByTool: z.record(z.string(), z.number().int().min(0)),
  abnormal: z.boolean(),
  toolCalls: z.array(toolCallRecord),
  usage,
  journal: z.record(z.string(), toolCallResult),
  retryRounds: z.record(z.string(), z.number().int().min(0)),
  agent: z.unknown(),
  suspended: suspended.nullable(),
});

const headerV2 = z.object({
  schemaVersion: z.literal(2),
  callCount: z.number().int().min(0),
  callCountByTool: counts,
  abnormal: z.boolean(),
  nextPosition: z.number().int().min(0),
  usage,
  retryRounds: counts,
  agent: z.unknown(),
  suspended: suspended.nullable(),
  interrupt: interrupt.nullable(),
  // Since runs store their input redacted; absent in the headers of runs whose input held nothing to redact.
  inputSeal: z.object({ kdf: z.string(), salt: z.string(), digest: z.string() }).optional(),
});

const callRow = z.object({ record: toolCallRecord, result: toolCallResult.optional() });

/** The header of a version-2 checkpoint, as stored on the run's row (`headerV2` checks it on the way back). */
export interface CheckpointHeader {
  schemaVersion: 2;
  callCount: number;
  callCountByTool: [string, number][];
  abnormal: boolean;
  nextPosition: number;
  usage: RunState["usage"];
  retryRounds: [string, number][];
  agent: unknown;
  suspended: Suspension | null;
  interrupt: Interrupt | null;
  inputSeal?: InputSeal;
}

/** The run's header as a version-2 checkpoint stores it. */
export function checkpointHeader(state: RunState): CheckpointHeader {
  return {
    schemaVersion: 2,
    callCount: state.callCount,
    callCountByTool: [...state.callCountByTool],
    abnormal: state.abnormal,
    nextPosition: state.nextPosition,
    usage: state.usage,
    retryRounds: [...state.retryRounds],
    agent: state.agent,
    suspended: state.suspended,
    interrupt: state.interrupt,
    ...(state.inputSeal === null ? {} : { inputSeal: state.inputSeal }),
  };
}

/**
 * A checkpoint header as the store keeps it: redacted, but with its input seal as it is (a charter field named like
 * one of its keys must not make the run's input impossible to check).
 */
export function keptCheckpoint(header: unknown, redact: Redactor): unknown {
  const kept = redact(header);
  const seal = (header as { inputSeal?: unknown } | null)?.inputSeal;
  return kept === header || seal === undefined ? kept : { ...(kept as object), inputSeal: seal };
}

/** The input seal of a stored checkpoint, if it has one (read before the checkpoint is, to check a resumed run's input). */
export function storedInputSeal(stored: unknown): InputSeal | undefined {
  const seal = (stored as { schemaVersion?: unknown; inputSeal?: unknown } | null)?.inputSeal;
  const parsed = headerV2.shape.inputSeal.safeParse(seal);
  return parsed.success && parsed.data !== undefined ? (parsed.data as InputSeal) : undefined;
}

/** One call as a version-2 checkpoint stores it. */
export function checkpointCall(entry: CallEntry, position: number): RunCallEntry {
  const data =
    entry.result === undefined ? { record: entry.record } : { record: entry.record, result: entry.result };
  return { callId: entry.record.callId, position, data };
}

/** Every call of the state, for a checkpoint written whole (a run that is not crash-safe, when it suspends). */
export function checkpointCalls(state: RunState): RunCallEntry[] {
  return [...state.calls.values()].map((entry, position) => checkpointCall(entry, position));
}

/**
 * Reads a stored checkpoint (any version this Reins knows) and the run's call rows back into a run's state. A
 * checkpoint that matches no known version is an error that says so, never a cast.
 */
export function readCheckpoint(runId: string, stored: unknown, calls: readonly RunCallEntry[]): RunState {
  if (stored === null || stored === undefined) return freshRunState();
  const version = (stored as { schemaVersion?: unknown }).schemaVersion;
  if (version === 1) return fromV1(runId, parse(runId, headerV1, stored));
  if (version === 2) return fromV2(runId, parse(runId, headerV2, stored), calls);
  throw new UserError({
    code: ErrorCode.CheckpointInvalid,
    message: `run ${runId} has a checkpoint of schemaVersion ${JSON.stringify(version)}, which this version of Reins does not read (it reads 1 and 2)`,
    hint: "resume it with the version of Reins that wrote it, or a newer one",
  });
}

function parse<T>(runId: string, schema: z.ZodType<T>, stored: unknown): T {
  const parsed = schema.safeParse(stored);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new UserError({
    code: ErrorCode.CheckpointInvalid,
    message: `run ${runId} has a corrupt checkpoint: ${issue?.path.join(".") || "(checkpoint)"}: ${issue?.message ?? "invalid"}`,
    hint: "the run cannot be resumed; start it again",
  });
}

function fromV1(_runId: string, v1: z.infer<typeof headerV1>): RunState {
  const state = freshRunState();
  state.callCount = v1.callCount;
  state.callCountByTool = new Map(Object.entries(v1.callCountByTool));
  state.abnormal = v1.abnormal;
  state.usage = v1.usage;
  state.retryRounds = new Map(Object.entries(v1.retryRounds));
  state.agent = v1.agent;
  state.suspended = v1.suspended as Suspension | null;
  const journal = new Map(Object.entries(v1.journal));
  for (const record of v1.toolCalls) {
    const result = journal.get(record.callId) as ToolCallResult | undefined;
    recordCall(
      state,
      result === undefined
        ? { record: record as ToolCallRecord }
        : { record: record as ToolCallRecord, result },
    );
  }
  return state;
}

function fromV2(runId: string, v2: z.infer<typeof headerV2>, calls: readonly RunCallEntry[]): RunState {
  const state = freshRunState();
  state.callCount = v2.callCount;
  state.callCountByTool = new Map(v2.callCountByTool);
  state.abnormal = v2.abnormal;
  state.usage = v2.usage;
  state.retryRounds = new Map(v2.retryRounds);
  state.agent = v2.agent;
  state.suspended = v2.suspended as Suspension | null;
  state.interrupt = v2.interrupt as Interrupt | null;
  state.inputSeal = (v2.inputSeal as InputSeal | undefined) ?? null;
  for (const call of calls) {
    const row = parse(runId, callRow, call.data);
    const record = row.record as ToolCallRecord;
    recordCall(
      state,
      row.result === undefined ? { record } : { record, result: row.result as ToolCallResult },
    );
  }
  // The header is written with every call row, so it knows the next position; the rows are checked against it.
  state.nextPosition = Math.max(v2.nextPosition, (calls.at(-1)?.position ?? -1) + 1);
  return state;
}
