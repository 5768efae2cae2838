import type { Attributes } from "@opentelemetry/api";
import { ReinsAttr } from "../telemetry/attributes.js";
import { approvalId, type CallPlan } from "./plan-call.js";
import type { RunSession } from "./run-session.js";

/**
 * What a call's `execute_tool` span records once the gate is done with it: the verdict and its reason codes, the
 * call's status, the approval or proposal it waits for, its idempotency key, attempts, and the recovery paths taken.
 * Codes, ids and counts only: never the call's input, output, or a reason's message (which may quote the input).
 */
export function callAttributes(session: RunSession, callId: string, plan: CallPlan): Attributes {
  const { state } = session;
  const record = state.calls.get(callId)?.record;
  const attributes: Attributes = { [ReinsAttr.autonomy]: session.autonomy };
  const effect = record === undefined ? undefined : session.registry.get(record.toolName)?.effect;
  if (effect !== undefined) attributes[ReinsAttr.effect] = effect;
  const recovery: string[] = [];
  if (plan.step.type === "replay") attributes[ReinsAttr.replayed] = true;
  if (plan.step.type === "execute") attributes[ReinsAttr.idempotencyKey] = plan.step.idempotencyKey;
  if (record !== undefined) {
    attributes[ReinsAttr.verdict] = record.verdict.type;
    if (record.verdict.type !== "allow") {
      attributes[ReinsAttr.reasons] = record.verdict.reasons.map((reason) => reason.code);
    }
    attributes[ReinsAttr.callStatus] = record.status;
    if (record.attempts !== undefined) attributes[ReinsAttr.attempts] = record.attempts;
    if (record.fallbackUsed !== undefined) {
      attributes[ReinsAttr.fallback] = record.fallbackUsed;
      recovery.push("fallback");
    } else if ((record.attempts ?? 1) > 1) {
      recovery.push("retry");
    }
    if (record.status === "proposed") {
      attributes[ReinsAttr.approvalId] = approvalId(session.runId, callId, "proposal");
      recovery.push("draft");
    }
    if (record.status === "pending-approval" || record.approvedBy !== undefined) {
      attributes[ReinsAttr.approvalId] = approvalId(session.runId, callId, "approval");
    }
    if (record.status === "pending-approval") recovery.push("approval");
  }
  const interrupt = state.interrupt;
  if (interrupt?.type === "suspend" && interrupt.suspended.kind === "tool-failure") recovery.push("pause");
  if (interrupt?.type === "conclude") {
    recovery.push(interrupt.conclusion.type === "refusal" ? "refuse" : "escalate");
  }
  if (recovery.length > 0) attributes[ReinsAttr.recovery] = recovery;
  return attributes;
}
