import type { AnyToolCard } from "../contract/tool-card.js";
import { hashJson } from "../hash/canonical-hash.js";
import { gateRules, gateVerdict } from "../policy/check-tool-call.js";
import { definePolicy, type PolicyRule } from "../policy/policy-rule.js";
import { allow, deny, type Reason, type Verdict } from "../policy/verdict.js";
import type { ApprovalRecord } from "../store/store.js";
import type { ToolCallResult } from "./agent.js";
import type { CallRequest } from "./call-request.js";
import { executeJournaled } from "./execute-journaled.js";
import type { ToolCallRecord } from "./outcome.js";
import type { RunSession } from "./run-session.js";
import { ConcludeRun, SuspendRun } from "./signals.js";

export type { CallRequest } from "./call-request.js";

/**
 * Every rule the gate consults in this run: built-in, the charter's, the run's custom rules, then the abnormal-data
 * block. Made on the run's first call and kept on its session.
 */
function runRules(session: RunSession): readonly PolicyRule[] {
  session.gateRules ??= gateRules(session.charter, [...session.policies, abnormalDataBlock(session)]);
  return session.gateRules;
}

/** After a tool returned abnormal data in this run, no further action executes. */
function abnormalDataBlock(session: RunSession): PolicyRule {
  return definePolicy({
    name: "abnormal-data",
    description: "After a tool returns abnormal data, further actions in the run are blocked.",
    check: (_call, { tool }) =>
      session.state.abnormal && tool?.effect === "action"
        ? deny(
            "ABNORMAL_DATA",
            "a tool returned abnormal data earlier in this run; actions are blocked until a human reviews it",
          )
        : allow(),
  });
}

/**
 * The one path every tool call takes: journal (a resumed run never redoes a call) → gate (charter, contract,
 * policy, autonomy, kill switch) → approval or proposal → execution under the card → audit, at every step.
 */
export async function gatedCall(session: RunSession, request: CallRequest): Promise<ToolCallResult> {
  const journaled = session.state.journal[request.callId];
  if (journaled) return journaled;

  const { charter } = session;
  const card = session.registry.get(request.toolName);
  if (session.audited)
    await session.audit("tool.proposed", {
      callId: request.callId,
      toolName: request.toolName,
      input: request.input,
      ...(request.confidence === undefined ? {} : { confidence: request.confidence }),
      ...(request.basedOn === undefined ? {} : { basedOn: request.basedOn }),
    });

  // Only a call this run already suspended or proposed can have an approval on record.
  const earlier = session.state.toolCalls.find((c) => c.callId === request.callId);
  const approval =
    earlier?.status === "pending-approval" || earlier?.status === "proposed"
      ? await findApproval(session, request.callId)
      : undefined;
  const { verdict, lowConfidence } = judge(session, request, card, approval, earlier !== undefined);
  if (session.audited)
    await session.audit("tool.verdict", { callId: request.callId, toolName: request.toolName, verdict });

  const base = { callId: request.callId, toolName: request.toolName, input: request.input, verdict };
  const finish = async (record: Omit<ToolCallRecord, keyof typeof base>, result: ToolCallResult) => {
    // Object.assign, not `{ ...base, ...record }`: V8 takes a slow path for a second spread (~30× slower).
    session.record(Object.assign({ ...base }, record));
    session.state.journal[request.callId] = result;
    if (session.crashSafe) await session.save();
    return result;
  };

  if (verdict.type === "deny") {
    if (verdict.reasons.every((r) => r.code === "AUTONOMY_SHADOW")) {
      await session.audit("tool.shadowed", {
        callId: request.callId,
        toolName: request.toolName,
        wouldExecute: request.input,
      });
      return finish(
        { status: "shadowed" },
        {
          status: "shadowed",
          message: `Recorded, not executed: "${request.toolName}" runs in shadow mode. Continue as if it had been done.`,
        },
      );
    }
    if (approval?.status === "approved")
      await refuseApproval(session, approval, "its grant does not match this call");
    if (charter.recovery.policyConflict === "stop") {
      throw new ConcludeRun({
        type: "refusal",
        reason: `policy denied "${request.toolName}": ${describe(verdict.reasons)}`,
      });
    }
    const message = `Denied by policy: ${describe(verdict.reasons)}. Follow the policy: do not retry or work around it, and explain this in your rationale.`;
    return finish({ status: "denied" }, { status: "denied", reasons: verdict.reasons, message });
  }

  if (verdict.type === "require-approval") {
    if (lowConfidence && charter.recovery.lowConfidence === "escalate") {
      throw new ConcludeRun({
        type: "escalation",
        reason: "low_confidence",
        evidence: {
          callId: request.callId,
          toolName: request.toolName,
          input: request.input,
          confidence: request.confidence,
        },
      });
    }
    if (session.autonomy === "draft" || lowConfidence) {
      const proposal = approval ?? (await requestApproval(session, request, verdict.reasons, "proposal"));
      const message = `Proposed for human review (proposal ${proposal.id}); it has not been executed.`;
      return finish({ status: "proposed" }, { status: "proposed", proposalId: proposal.id, message });
    }
    if (charter.recovery.policyUncertainty === "stop") {
      throw new ConcludeRun({
        type: "escalation",
        reason: "approval_required",
        evidence: { toolName: request.toolName, input: request.input, reasons: verdict.reasons },
      });
    }
    if (approval?.status === "rejected") {
      const reason = approval.note ?? "no reason given";
      await session.audit("approval.applied", {
        approvalId: approval.id,
        callId: request.callId,
        status: "rejected",
      });
      return finish(
        { status: "rejected" },
        {
          status: "rejected",
          reason,
          message: `A human rejected this call (${reason}). Do not retry it; take this into account.`,
        },
      );
    }
    if (approval?.status === "approved") {
      // Approved, yet the gate still wants approval: the grant is bound to another tool, call or input.
      await refuseApproval(session, approval, "it was granted for a different tool, call or input");
      const reasons: Reason[] = [
        {
          rule: "approval",
          code: "APPROVAL_MISMATCH",
          message: "the approval on record does not match this call",
        },
      ];
      return finish(
        { status: "denied" },
        { status: "denied", reasons, message: "Denied: the approval on record does not match this call." },
      );
    }
    const pending = approval ?? (await requestApproval(session, request, verdict.reasons, "approval"));
    session.record({ ...base, status: "pending-approval" });
    throw new SuspendRun({
      kind: "approval",
      approval: {
        approvalId: pending.id,
        callId: request.callId,
        toolName: request.toolName,
        reasons: verdict.reasons,
      },
    });
  }

  if (!card) throw new Error(`gate allowed unknown tool ${request.toolName}`);
  const executed = await executeJournaled(session, card, request, verdict);
  return finish(executed.record, executed.result);
}

/**
 * The gate's verdict on a call (built-in, declared and custom rules, then the low-confidence draft rule), counting
 * the call unless it was `counted` already (judged again after a resume). Synchronous: it runs on every call.
 */
function judge(
  session: RunSession,
  request: CallRequest,
  card: AnyToolCard | undefined,
  approval: ApprovalRecord | undefined,
  counted: boolean,
): { verdict: Verdict; lowConfidence: boolean } {
  const { charter } = session;
  const callCountByTool = counted
    ? {
        ...session.state.callCountByTool,
        [request.toolName]: Math.max(0, (session.state.callCountByTool[request.toolName] ?? 1) - 1),
      }
    : session.state.callCountByTool;
  const grant =
    approval?.status === "approved"
      ? {
          toolName: approval.toolName,
          callId: approval.callId,
          inputHash: approval.inputHash,
          approver: approval.decidedBy ?? "?",
        }
      : undefined;
  let verdict = gateVerdict(
    { toolName: request.toolName, callId: request.callId, input: request.input },
    {
      charter,
      tool: card,
      autonomy: session.autonomy,
      callCount: session.state.callCount - (counted ? 1 : 0),
      callCountByTool,
      ...(grant ? { approval: grant } : {}),
      facts: session.factUses(request.basedOn),
      workflow: {
        paused: session.workflow.paused,
        ...(session.workflow.pausedReason ? { reason: session.workflow.pausedReason } : {}),
      },
      runId: session.runId,
      runInput: session.input,
      results: session.state.toolCalls
        .filter((c) => c.status === "executed")
        .map((c) => ({ toolName: c.toolName, callId: c.callId, output: c.output })),
    },
    runRules(session),
  );
  if (!counted) {
    session.state.callCount++;
    session.state.callCountByTool[request.toolName] =
      (session.state.callCountByTool[request.toolName] ?? 0) + 1;
  }

  const lowConfidence =
    verdict.type !== "deny" &&
    card?.effect === "action" &&
    request.confidence !== undefined &&
    request.confidence < charter.decision.confidenceThreshold;
  if (lowConfidence) {
    const reason: Reason = {
      rule: "low-confidence",
      code: "LOW_CONFIDENCE",
      message: `confidence ${request.confidence} is below the charter's threshold ${charter.decision.confidenceThreshold}; the action becomes a draft`,
    };
    verdict = {
      type: "require-approval",
      reasons: [...(verdict.type === "require-approval" ? verdict.reasons : []), reason],
    };
  }
  return { verdict, lowConfidence };
}

/**
 * The approval (or proposal) on record for this call. Asked only for a call this run already suspended or proposed:
 * approvals have ids derived from the run and the call, and one inserted for a call that never asked is ignored.
 */
async function findApproval(session: RunSession, callId: string): Promise<ApprovalRecord | undefined> {
  return (
    (await session.store.approvals.get(approvalId(session.runId, callId, "approval"))) ??
    (await session.store.approvals.get(approvalId(session.runId, callId, "proposal")))
  );
}

function approvalId(runId: string, callId: string, kind: "approval" | "proposal"): string {
  return `${kind === "proposal" ? "prop" : "appr"}_${hashJson([runId, callId]).slice(0, 16)}`;
}

async function requestApproval(
  session: RunSession,
  request: CallRequest,
  reasons: Reason[],
  kind: "approval" | "proposal",
) {
  const id = approvalId(session.runId, request.callId, kind);
  const record = await session.store.approvals.create({
    id,
    runId: session.runId,
    charter: session.charter.name,
    callId: request.callId,
    toolName: request.toolName,
    input: request.input,
    inputHash: hashJson(request.input),
    reasons: { kind, reasons },
  });
  await session.audit(kind === "proposal" ? "proposal.created" : "approval.requested", {
    approvalId: record.id,
    callId: request.callId,
    toolName: request.toolName,
    reasons,
  });
  return record;
}

async function refuseApproval(session: RunSession, approval: ApprovalRecord, why: string): Promise<void> {
  await session.audit("approval.refused", {
    approvalId: approval.id,
    callId: approval.callId,
    reason: `approval refused: ${why}`,
  });
}

function describe(reasons: readonly Reason[]): string {
  return reasons.map((r) => r.message).join("; ");
}
