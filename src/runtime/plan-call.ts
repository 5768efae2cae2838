import type { AutonomyLevel, Charter } from "../charter/charter.js";
import type { InputCheck } from "../contract/check-input.js";
import type { AnyToolCard } from "../contract/tool-card.js";
import type { ToolRegistry } from "../contract/tool-registry.js";
import { hashJson } from "../hash/canonical-hash.js";
import { gateVerdict } from "../policy/check-tool-call.js";
import type { FactUse, PolicyContext, PolicyRule, ProposedCall } from "../policy/policy-rule.js";
import type { Reason, Verdict } from "../policy/verdict.js";
import type { ApprovalRecord, FactRecord, RunStep } from "../store/store.js";
import type { AgentConclusion, ToolCallResult } from "./agent.js";
import type { ToolCallRecord } from "./outcome.js";
import { checkCopiedInput } from "./plain-data.js";
import { recoveryStep } from "./recovery-paths.js";
import type { RunState, Suspension } from "./run-state.js";

/** One call an agent proposes, its input already copied to plain data (`plainData`). */
export interface CallRequest {
  callId: string;
  toolName: string;
  /** The agent's arguments as plain data; undefined when they were not (see `inputProblem`). */
  input: unknown;
  /** Why the agent's arguments could not be copied as plain data: the call is denied as invalid input. */
  inputProblem?: string;
  confidence?: number;
  basedOn?: string[];
}

/** What the planner reads of a run: settings and state, never changed by it. */
export interface CallView {
  runId: string;
  runInput: unknown;
  charter: Charter;
  registry: ToolRegistry;
  /** Every rule the gate consults (`gateRules`). */
  rules: readonly PolicyRule[];
  autonomy: AutonomyLevel;
  workflow: { paused: boolean; reason?: string };
  facts: readonly FactRecord[];
  state: Readonly<RunState>;
  /** The approval or proposal on record for this call, when the run asked for one earlier. */
  approval: ApprovalRecord | undefined;
}

/** An audit event a plan writes (the run id is the run's). */
export interface PlannedEvent {
  type: string;
  data: unknown;
}

export type NewApproval = NonNullable<RunStep["approval"]>;

/** The allowed call, ready to execute under its card. */
export interface Execution {
  card: AnyToolCard;
  /** The agent's plain-data input; a retry parses a copy of its own. */
  input: unknown;
  /** That input as the card parsed it: what the gate judged, and what the first attempt runs on. */
  parsed: unknown;
  verdict: Extract<Verdict, { type: "allow" }>;
  idempotencyKey: string;
}

/** What to do with a call, decided before anything runs. */
export type CallStep =
  /** Settled earlier in this run (a resumed run): the agent gets the recorded result again. */
  | { type: "replay"; result: ToolCallResult }
  /** Recorded and settled now; the agent gets `result` and goes on. */
  | { type: "answer"; record: ToolCallRecord; result: ToolCallResult; approval?: NewApproval }
  /** The run waits for a human's approval of the call. */
  | { type: "suspend"; record: ToolCallRecord; suspended: Suspension; approval?: NewApproval }
  /** A recovery path ends the run here. */
  | { type: "conclude"; conclusion: AgentConclusion; record?: ToolCallRecord }
  | ({ type: "execute" } & Execution);

export interface CallPlan {
  /** Audit events, in order. */
  events: PlannedEvent[];
  /** The call is new to the run: it counts toward the run's limits. */
  counted: boolean;
  step: CallStep;
}

/**
 * Decides a proposed call without running anything: the journal (a settled call is replayed), the gate's verdict on
 * the call as the card parses it, and the step that follows — approval, proposal, refusal or recovery path, or
 * execution. Pure and synchronous: `gatedCall` applies the plan.
 */
export function planCall(view: CallView, request: CallRequest): CallPlan {
  const earlier = view.state.calls.get(request.callId);
  if (earlier?.result !== undefined)
    return { events: [], counted: false, step: { type: "replay", result: earlier.result } };

  const { charter } = view;
  const card = view.registry.get(request.toolName);
  const events: PlannedEvent[] = [
    {
      type: "tool.proposed",
      data: {
        callId: request.callId,
        toolName: request.toolName,
        input: request.input,
        ...(request.confidence === undefined ? {} : { confidence: request.confidence }),
        ...(request.basedOn === undefined ? {} : { basedOn: request.basedOn }),
      },
    },
  ];
  // Only a call this run already suspended or proposed can have an approval on record.
  const approval =
    earlier?.record.status === "pending-approval" || earlier?.record.status === "proposed"
      ? view.approval
      : undefined;
  const counted = earlier === undefined;
  const inputCheck = checkInput(card, request);
  const verdict = judge(view, request, card, inputCheck, approval, counted);
  events.push({
    type: "tool.verdict",
    data: { callId: request.callId, toolName: request.toolName, verdict },
  });

  const record = (status: ToolCallRecord["status"]): ToolCallRecord => ({
    callId: request.callId,
    toolName: request.toolName,
    input: request.input,
    verdict,
    status,
  });
  const plan = (step: CallStep): CallPlan => ({ events, counted, step });

  if (verdict.type === "deny") {
    if (verdict.reasons.every((r) => r.code === "AUTONOMY_SHADOW")) {
      events.push({
        type: "tool.shadowed",
        data: { callId: request.callId, toolName: request.toolName, wouldExecute: request.input },
      });
      const message = `Recorded, not executed: "${request.toolName}" runs in shadow mode. Continue as if it had been done.`;
      return plan({ type: "answer", record: record("shadowed"), result: { status: "shadowed", message } });
    }
    if (approval?.status === "approved") events.push(refused(approval, "its grant does not match this call"));
    if (recoveryStep(charter.recovery, "policyConflict") === "refuse") {
      const reason = `policy denied "${request.toolName}": ${describe(verdict.reasons)}`;
      return plan({ type: "conclude", conclusion: { type: "refusal", reason } });
    }
    const message = `Denied by policy: ${describe(verdict.reasons)}. Follow the policy: do not retry or work around it, and explain this in your rationale.`;
    return plan({
      type: "answer",
      record: record("denied"),
      result: { status: "denied", reasons: verdict.reasons, message },
    });
  }

  if (verdict.type === "require-approval") {
    const lowConfidence = verdict.reasons.some((r) => r.code === "LOW_CONFIDENCE");
    if (lowConfidence && recoveryStep(charter.recovery, "lowConfidence") === "escalate") {
      const evidence = {
        callId: request.callId,
        toolName: request.toolName,
        input: request.input,
        confidence: request.confidence,
      };
      return plan({
        type: "conclude",
        conclusion: { type: "escalation", reason: "low_confidence", evidence },
      });
    }
    if (view.autonomy === "draft" || lowConfidence) {
      const id = approvalId(view.runId, request.callId, "proposal");
      const created =
        approval?.id === id ? undefined : newApproval(id, view, request, verdict.reasons, "proposal");
      if (created) events.push(requested(created, verdict.reasons, "proposal.created"));
      const message = `Proposed for human review (proposal ${id}); it has not been executed.`;
      return plan({
        type: "answer",
        record: record("proposed"),
        result: { status: "proposed", proposalId: id, message },
        ...(created ? { approval: created } : {}),
      });
    }
    if (recoveryStep(charter.recovery, "policyUncertainty") === "escalate") {
      const evidence = { toolName: request.toolName, input: request.input, reasons: verdict.reasons };
      return plan({
        type: "conclude",
        conclusion: { type: "escalation", reason: "approval_required", evidence },
      });
    }
    if (approval?.status === "rejected") {
      const reason = approval.note ?? "no reason given";
      events.push({
        type: "approval.applied",
        data: { approvalId: approval.id, callId: request.callId, status: "rejected" },
      });
      const message = `A human rejected this call (${reason}). Do not retry it; take this into account.`;
      return plan({
        type: "answer",
        record: record("rejected"),
        result: { status: "rejected", reason, message },
      });
    }
    if (approval?.status === "approved") {
      // Approved, yet the gate still wants approval: the grant is bound to another tool, call or input.
      events.push(refused(approval, "it was granted for a different tool, call or input"));
      const reasons: Reason[] = [
        {
          rule: "approval",
          code: "APPROVAL_MISMATCH",
          message: "the approval on record does not match this call",
        },
      ];
      const message = "Denied: the approval on record does not match this call.";
      return plan({
        type: "answer",
        record: record("denied"),
        result: { status: "denied", reasons, message },
      });
    }
    const id = approval?.id ?? approvalId(view.runId, request.callId, "approval");
    const created =
      approval === undefined ? newApproval(id, view, request, verdict.reasons, "approval") : undefined;
    if (created) events.push(requested(created, verdict.reasons, "approval.requested"));
    const suspended: Suspension = {
      kind: "approval",
      approval: {
        approvalId: id,
        callId: request.callId,
        toolName: request.toolName,
        reasons: verdict.reasons,
      },
    };
    return plan({
      type: "suspend",
      record: record("pending-approval"),
      suspended,
      ...(created ? { approval: created } : {}),
    });
  }

  if (card === undefined || inputCheck?.ok !== true) {
    throw new Error(`the gate allowed "${request.toolName}" without a card and a valid input`);
  }
  const round = view.state.retryRounds.get(request.callId) ?? 0;
  return plan({
    type: "execute",
    card,
    input: request.input,
    parsed: inputCheck.value,
    verdict,
    idempotencyKey: `${view.runId}:${request.callId}${round > 0 ? `#${round}` : ""}`,
  });
}

/** The card's check of the input; the call's arguments when they are not plain data fail it. */
function checkInput(card: AnyToolCard | undefined, request: CallRequest): InputCheck | undefined {
  if (request.inputProblem !== undefined) return { ok: false, problems: [request.inputProblem] };
  // The value the gate judges is the one the tool's first attempt runs on.
  return card === undefined ? undefined : checkCopiedInput(card, request.input);
}

/**
 * The gate's verdict on the call as the card parsed it (what the tool will run on), counting the call unless it was
 * counted already (judged again after a resume).
 */
function judge(
  view: CallView,
  request: CallRequest,
  card: AnyToolCard | undefined,
  inputCheck: InputCheck | undefined,
  approval: ApprovalRecord | undefined,
  counted: boolean,
): Verdict {
  const { state } = view;
  const callCountByTool = Object.fromEntries(state.callCountByTool);
  if (!counted) callCountByTool[request.toolName] = Math.max(0, (callCountByTool[request.toolName] ?? 1) - 1);
  const call: ProposedCall = {
    toolName: request.toolName,
    callId: request.callId,
    input: inputCheck?.ok === true ? inputCheck.value : request.input,
  };
  if (request.confidence !== undefined) call.confidence = request.confidence;
  const context: PolicyContext = {
    charter: view.charter,
    tool: card,
    autonomy: view.autonomy,
    callCount: state.callCount - (counted ? 0 : 1),
    callCountByTool,
    facts: factUses(view.facts, request.basedOn),
    workflow: view.workflow,
    runId: view.runId,
    runInput: view.runInput,
    abnormal: state.abnormal,
    results: state.executed,
  };
  if (inputCheck !== undefined) context.inputCheck = inputCheck;
  if (approval?.status === "approved" && approval.id === approvalId(view.runId, request.callId, "approval")) {
    context.approval = {
      toolName: approval.toolName,
      callId: approval.callId,
      inputHash: approval.inputHash,
      approver: approval.decidedBy ?? "?",
    };
  }
  // An approval is bound to the input the agent proposed, which is what the human saw.
  return gateVerdict(call, context, view.rules, request.input);
}

/** The provenance of the facts a call says it rests on; unknown keys count as inferred (nobody verified them). */
function factUses(facts: readonly FactRecord[], keys: readonly string[] | undefined): FactUse[] {
  return (keys ?? []).map((key) => ({
    key,
    provenance: facts.find((f) => f.key === key)?.provenance ?? "inferred",
  }));
}

/** Approvals have ids derived from the run and the call: one inserted for a call that never asked is never read. */
export function approvalId(runId: string, callId: string, kind: "approval" | "proposal"): string {
  return `${kind === "proposal" ? "prop" : "appr"}_${hashJson([runId, callId]).slice(0, 16)}`;
}

function newApproval(
  id: string,
  view: CallView,
  request: CallRequest,
  reasons: Reason[],
  kind: "approval" | "proposal",
): NewApproval {
  return {
    id,
    runId: view.runId,
    charter: view.charter.name,
    callId: request.callId,
    toolName: request.toolName,
    input: request.input,
    inputHash: hashJson(request.input),
    reasons: { kind, reasons },
  };
}

function requested(approval: NewApproval, reasons: Reason[], type: string): PlannedEvent {
  return {
    type,
    data: { approvalId: approval.id, callId: approval.callId, toolName: approval.toolName, reasons },
  };
}

function refused(approval: ApprovalRecord, why: string): PlannedEvent {
  return {
    type: "approval.refused",
    data: { approvalId: approval.id, callId: approval.callId, reason: `approval refused: ${why}` },
  };
}

export function describe(reasons: readonly Reason[]): string {
  return reasons.map((r) => r.message).join("; ");
}
