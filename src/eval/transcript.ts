import type { AuditEvent } from "../audit-event/audit-event.js";
import type { Reason } from "../policy/verdict.js";
import type { ToolCallRecord, ToolCallStatus } from "../runtime/outcome.js";
import { type CallResolution, gateVerdictOf, resolutionOf } from "./call-verdict.js";
import type { GateVerdict } from "./case.js";
import type { TranscriptMessage } from "./record-messages.js";
import type { TrialRedaction } from "./redact-trial.js";
import { diffStates, type StateChange } from "./state.js";
import type { TrialFailure, TrialOutcome, TrialResult } from "./trial.js";

/** How an approval was answered during evaluation (by the suite's `approvals` setting: no human is there). */
export interface ApprovalAnswer {
  callId: string;
  approvalId: string;
  status: "approved" | "rejected";
  decidedBy: string;
  note?: string;
}

/** One tool call in a transcript: what was asked, what the gate said, how that was resolved, what came back. */
export interface TranscriptCall {
  callId: string;
  toolName: string;
  input: unknown;
  verdict: GateVerdict;
  /** The gate's reasons for asking or denying. */
  reasons: Reason[];
  resolution: CallResolution;
  approval?: ApprovalAnswer;
  status: ToolCallStatus;
  output?: unknown;
  error?: string;
  attempts?: number;
  fallbackUsed?: string;
}

/** Everything one trial did (SPEC §1 Trial transcript), kept by `evaluate({ trace: true })`. Redacted. */
export interface TrialTranscript {
  schemaVersion: 1;
  caseId: string;
  trial: number;
  runId: string;
  passed: boolean;
  failures: TrialFailure[];
  input: unknown;
  outcome: TrialOutcome;
  /** The model conversation; null for a function agent. */
  messages: TranscriptMessage[] | null;
  toolCalls: TranscriptCall[];
  /** How the sandbox world changed, leaf by leaf. */
  worldChanges: StateChange[];
  /** The run's audit events, in order. */
  events: Pick<AuditEvent, "seq" | "type" | "at" | "data">[];
}

/** One call as it appears in the trial results: the gate's verdict, its resolution and the approval answer. */
export function callSummary(
  call: ToolCallRecord,
  approvals: readonly ApprovalAnswer[],
): Pick<TranscriptCall, "verdict" | "resolution" | "approval"> {
  const approval = approvals.findLast((answer) => answer.callId === call.callId);
  return {
    verdict: gateVerdictOf(call),
    resolution: resolutionOf(call),
    ...(approval ? { approval } : {}),
  };
}

/** What a transcript is made of: an executed trial (a `TrialRun`), traced. */
export interface TracedRun {
  runId: string;
  outcome: TrialOutcome;
  toolCalls: readonly ToolCallRecord[];
  initialState: unknown;
  finalState: unknown;
  approvals: readonly ApprovalAnswer[];
  /** Why the gate asked for approval, by call id. */
  askedReasons?: ReadonlyMap<string, Reason[]>;
  events?: readonly AuditEvent[];
  messages?: TranscriptMessage[];
}

/**
 * The transcript of a scored trial, passed through the trial's redaction (see `evalRedaction`): secrets and the
 * charter's `redact` fields replaced, as in the audit log, and the replaced values removed from free text too (the
 * model's prompt quotes the input): nothing is stored in clear that the audit log would not keep.
 */
export function buildTranscript(
  run: TracedRun,
  result: TrialResult,
  input: unknown,
  redact: TrialRedaction,
): TrialTranscript {
  return redact<TrialTranscript>({
    schemaVersion: 1,
    caseId: result.caseId,
    trial: result.trial,
    runId: run.runId,
    passed: result.passed,
    failures: result.failures,
    input,
    outcome: run.outcome,
    messages: run.messages ?? null,
    toolCalls: run.toolCalls.map((call) => ({
      callId: call.callId,
      toolName: call.toolName,
      input: call.input,
      ...callSummary(call, run.approvals),
      reasons:
        call.verdict.type === "allow" ? (run.askedReasons?.get(call.callId) ?? []) : call.verdict.reasons,
      status: call.status,
      ...(call.output === undefined ? {} : { output: call.output }),
      ...(call.error === undefined ? {} : { error: call.error }),
      ...(call.attempts === undefined ? {} : { attempts: call.attempts }),
      ...(call.fallbackUsed === undefined ? {} : { fallbackUsed: call.fallbackUsed }),
    })),
    worldChanges: diffStates(run.initialState, run.finalState),
    events: (run.events ?? []).map(({ seq, type, at, data }) => ({ seq, type, at, data })),
  });
}
