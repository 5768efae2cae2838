import { describe, expect, it } from "vitest";
import type { RecoveryPaths } from "../charter/charter.js";
import { defineCharter } from "../charter/define-charter.js";
import { registry } from "../policy/__fixtures__/gate-fixture.js";
import { gateRules } from "../policy/check-tool-call.js";
import type { ApprovalRecord } from "../store/store.js";
import { type CallRequest, type CallView, planCall } from "./plan-call.js";
import { freshRunState, recordCall } from "./run-state.js";

const autonomyLevels = ["shadow", "draft", "supervised", "autonomous"] as const;
type Level = (typeof autonomyLevels)[number];

const recoveries: Record<string, Partial<RecoveryPaths>> = {
  default: {},
  "policyConflict: stop": { policyConflict: "stop" },
  "policyUncertainty: stop": { policyUncertainty: "stop" },
  "lowConfidence: escalate": { lowConfidence: "escalate" },
};

function charterWith(recovery: Partial<RecoveryPaths>) {
  return defineCharter(
    {
      name: "gate-test",
      version: 1,
      trigger: { event: "test" },
      input: { type: "object" },
      decision: { options: ["accept", "reject"], confidenceThreshold: 0.7 },
      tools: {
        allowed: ["lookup", "draft_reply", "update_lead", "send_email"],
        forbidden: ["delete_account"],
      },
      autonomy: "autonomous",
      instructions: "Test charter.",
      limits: { maxToolCalls: 3, maxSteps: 5 },
      recovery,
    },
    { registry },
  );
}

/** One call that trips exactly one built-in rule (or none), and the run state that makes it trip. */
interface Scenario {
  request: Omit<CallRequest, "callId">;
  calls?: number;
  paused?: boolean;
  abnormal?: boolean;
}

const scenarios: Record<string, Scenario> = {
  "allowed read": { request: { toolName: "lookup", input: { domain: "acme.com" } } },
  "tool-in-charter": { request: { toolName: "unlisted", input: {} } },
  "forbidden-tool": { request: { toolName: "delete_account", input: { id: "a1" } } },
  "valid-input": { request: { toolName: "lookup", input: { domain: "x" } } },
  "call-cap": { request: { toolName: "lookup", input: { domain: "acme.com" } }, calls: 3 },
  "fact-provenance": {
    request: { toolName: "update_lead", input: { leadId: "L1", status: "won" }, basedOn: ["guess"] },
  },
  "protected-fields": {
    request: { toolName: "update_lead", input: { leadId: "L1", status: "won", owner: "bob" } },
  },
  "external-communication": { request: { toolName: "send_email", input: { to: "a@b.co", body: "hi" } } },
  autonomy: { request: { toolName: "update_lead", input: { leadId: "L1", status: "won" } } },
  "kill-switch": { request: { toolName: "lookup", input: { domain: "acme.com" } }, paused: true },
  "abnormal-data": {
    request: { toolName: "update_lead", input: { leadId: "L1", status: "won" } },
    abnormal: true,
  },
  "low-confidence": {
    request: { toolName: "update_lead", input: { leadId: "L1", status: "won" }, confidence: 0.2 },
  },
};

function view(scenario: Scenario, autonomy: Level, recovery: Partial<RecoveryPaths>): CallView {
  const charter = charterWith(recovery);
  const state = freshRunState();
  state.callCount = scenario.calls ?? 0;
  state.abnormal = scenario.abnormal ?? false;
  return {
    runId: "run-1",
    runInput: {},
    charter,
    registry,
    rules: gateRules(charter, []),
    autonomy,
    workflow: { paused: scenario.paused ?? false },
    facts: [],
    state,
    approval: undefined,
  };
}

/** The verdict's type and reason codes, and the step with what it gives the agent or how the run ends. */
function summary(scenario: Scenario, autonomy: Level, recovery: string): [string, string] {
  const plan = planCall(view(scenario, autonomy, recoveries[recovery] ?? {}), {
    callId: "c1",
    ...scenario.request,
  });
  const judged = plan.events[1];
  if (judged === undefined) throw new Error("the plan has no verdict event");
  const { verdict } = judged.data as { verdict: { type: string; reasons?: { code: string }[] } };
  const { step } = plan;
  const detail =
    step.type === "conclude"
      ? step.conclusion.type === "escalation"
        ? `escalation:${step.conclusion.reason}`
        : step.conclusion.type
      : step.type === "answer"
        ? step.result.status
        : step.type === "suspend"
          ? step.suspended.kind
          : "";
  return [
    `${verdict.type} ${(verdict.reasons ?? []).map((r) => r.code).join(",")}`.trim(),
    `${step.type} ${detail}`.trim().replace(/^conclude refusal.*/, "conclude refusal"),
  ];
}

/** Every built-in rule × autonomy level × recovery path: the verdict, then the step the planner chose. */
const table: [string, Level, string, string, string][] = [
  ["allowed read", "shadow", "default", "allow", "execute"],
  ["allowed read", "shadow", "policyConflict: stop", "allow", "execute"],
  ["allowed read", "shadow", "policyUncertainty: stop", "allow", "execute"],
  ["allowed read", "shadow", "lowConfidence: escalate", "allow", "execute"],
  ["allowed read", "draft", "default", "allow", "execute"],
  ["allowed read", "draft", "policyConflict: stop", "allow", "execute"],
  ["allowed read", "draft", "policyUncertainty: stop", "allow", "execute"],
  ["allowed read", "draft", "lowConfidence: escalate", "allow", "execute"],
  ["allowed read", "supervised", "default", "allow", "execute"],
  ["allowed read", "supervised", "policyConflict: stop", "allow", "execute"],
  ["allowed read", "supervised", "policyUncertainty: stop", "allow", "execute"],
  ["allowed read", "supervised", "lowConfidence: escalate", "allow", "execute"],
  ["allowed read", "autonomous", "default", "allow", "execute"],
  ["allowed read", "autonomous", "policyConflict: stop", "allow", "execute"],
  ["allowed read", "autonomous", "policyUncertainty: stop", "allow", "execute"],
  ["allowed read", "autonomous", "lowConfidence: escalate", "allow", "execute"],
  ["tool-in-charter", "shadow", "default", "deny TOOL_NOT_IN_CHARTER", "answer denied"],
  ["tool-in-charter", "shadow", "policyConflict: stop", "deny TOOL_NOT_IN_CHARTER", "conclude refusal"],
  ["tool-in-charter", "shadow", "policyUncertainty: stop", "deny TOOL_NOT_IN_CHARTER", "answer denied"],
  ["tool-in-charter", "shadow", "lowConfidence: escalate", "deny TOOL_NOT_IN_CHARTER", "answer denied"],
  ["tool-in-charter", "draft", "default", "deny TOOL_NOT_IN_CHARTER", "answer denied"],
  ["tool-in-charter", "draft", "policyConflict: stop", "deny TOOL_NOT_IN_CHARTER", "conclude refusal"],
  ["tool-in-charter", "draft", "policyUncertainty: stop", "deny TOOL_NOT_IN_CHARTER", "answer denied"],
  ["tool-in-charter", "draft", "lowConfidence: escalate", "deny TOOL_NOT_IN_CHARTER", "answer denied"],
  ["tool-in-charter", "supervised", "default", "deny TOOL_NOT_IN_CHARTER", "answer denied"],
  ["tool-in-charter", "supervised", "policyConflict: stop", "deny TOOL_NOT_IN_CHARTER", "conclude refusal"],
  ["tool-in-charter", "supervised", "policyUncertainty: stop", "deny TOOL_NOT_IN_CHARTER", "answer denied"],
  ["tool-in-charter", "supervised", "lowConfidence: escalate", "deny TOOL_NOT_IN_CHARTER", "answer denied"],
  ["tool-in-charter", "autonomous", "default", "deny TOOL_NOT_IN_CHARTER", "answer denied"],
  ["tool-in-charter", "autonomous", "policyConflict: stop", "deny TOOL_NOT_IN_CHARTER", "conclude refusal"],
  ["tool-in-charter", "autonomous", "policyUncertainty: stop", "deny TOOL_NOT_IN_CHARTER", "answer denied"],
  ["tool-in-charter", "autonomous", "lowConfidence: escalate", "deny TOOL_NOT_IN_CHARTER", "answer denied"],
  [
    "forbidden-tool",
    "shadow",
    "default",
    "deny TOOL_NOT_IN_CHARTER,TOOL_FORBIDDEN,AUTONOMY_SHADOW",
    "answer denied",
  ],
  [
    "forbidden-tool",
    "shadow",
    "policyConflict: stop",
    "deny TOOL_NOT_IN_CHARTER,TOOL_FORBIDDEN,AUTONOMY_SHADOW",
    "conclude refusal",
  ],
  [
    "forbidden-tool",
    "shadow",
    "policyUncertainty: stop",
    "deny TOOL_NOT_IN_CHARTER,TOOL_FORBIDDEN,AUTONOMY_SHADOW",
    "answer denied",
  ],
  [
    "forbidden-tool",
    "shadow",
    "lowConfidence: escalate",
    "deny TOOL_NOT_IN_CHARTER,TOOL_FORBIDDEN,AUTONOMY_SHADOW",
    "answer denied",
  ],
  ["forbidden-tool", "draft", "default", "deny TOOL_NOT_IN_CHARTER,TOOL_FORBIDDEN", "answer denied"],
  [
    "forbidden-tool",
    "draft",
    "policyConflict: stop",
    "deny TOOL_NOT_IN_CHARTER,TOOL_FORBIDDEN",
    "conclude refusal",
  ],
  [
    "forbidden-tool",
    "draft",
    "policyUncertainty: stop",
    "deny TOOL_NOT_IN_CHARTER,TOOL_FORBIDDEN",
    "answer denied",
  ],
  [
    "forbidden-tool",
    "draft",
    "lowConfidence: escalate",
    "deny TOOL_NOT_IN_CHARTER,TOOL_FORBIDDEN",
    "answer denied",
  ],
  ["forbidden-tool", "supervised", "default", "deny TOOL_NOT_IN_CHARTER,TOOL_FORBIDDEN", "answer denied"],
  [
    "forbidden-tool",
    "supervised",
    "policyConflict: stop",
    "deny TOOL_NOT_IN_CHARTER,TOOL_FORBIDDEN",
    "conclude refusal",
  ],
  [
    "forbidden-tool",
    "supervised",
    "policyUncertainty: stop",
    "deny TOOL_NOT_IN_CHARTER,TOOL_FORBIDDEN",
    "answer denied",
  ],
  [
    "forbidden-tool",
    "supervised",
    "lowConfidence: escalate",
    "deny TOOL_NOT_IN_CHARTER,TOOL_FORBIDDEN",
    "answer denied",
  ],
  ["forbidden-tool", "autonomous", "default", "deny TOOL_NOT_IN_CHARTER,TOOL_FORBIDDEN", "answer denied"],
  [
    "forbidden-tool",
    "autonomous",
    "policyConflict: stop",
    "deny TOOL_NOT_IN_CHARTER,TOOL_FORBIDDEN",
    "conclude refusal",
  ],
  [
    "forbidden-tool",
    "autonomous",
    "policyUncertainty: stop",
    "deny TOOL_NOT_IN_CHARTER,TOOL_FORBIDDEN",
    "answer denied",
  ],
  [
    "forbidden-tool",
    "autonomous",
    "lowConfidence: escalate",
    "deny TOOL_NOT_IN_CHARTER,TOOL_FORBIDDEN",
    "answer denied",
  ],
  ["valid-input", "shadow", "default", "deny INPUT_INVALID", "answer denied"],
  ["valid-input", "shadow", "policyConflict: stop", "deny INPUT_INVALID", "conclude refusal"],
  ["valid-input", "shadow", "policyUncertainty: stop", "deny INPUT_INVALID", "answer denied"],
  ["valid-input", "shadow", "lowConfidence: escalate", "deny INPUT_INVALID", "answer denied"],
  ["valid-input", "draft", "default", "deny INPUT_INVALID", "answer denied"],
  ["valid-input", "draft", "policyConflict: stop", "deny INPUT_INVALID", "conclude refusal"],
  ["valid-input", "draft", "policyUncertainty: stop", "deny INPUT_INVALID", "answer denied"],
  ["valid-input", "draft", "lowConfidence: escalate", "deny INPUT_INVALID", "answer denied"],
  ["valid-input", "supervised", "default", "deny INPUT_INVALID", "answer denied"],
  ["valid-input", "supervised", "policyConflict: stop", "deny INPUT_INVALID", "conclude refusal"],
  ["valid-input", "supervised", "policyUncertainty: stop", "deny INPUT_INVALID", "answer denied"],
  ["valid-input", "supervised", "lowConfidence: escalate", "deny INPUT_INVALID", "answer denied"],
  ["valid-input", "autonomous", "default", "deny INPUT_INVALID", "answer denied"],
  ["valid-input", "autonomous", "policyConflict: stop", "deny INPUT_INVALID", "conclude refusal"],
  ["valid-input", "autonomous", "policyUncertainty: stop", "deny INPUT_INVALID", "answer denied"],
  ["valid-input", "autonomous", "lowConfidence: escalate", "deny INPUT_INVALID", "answer denied"],
  ["call-cap", "shadow", "default", "deny CALL_CAP", "answer denied"],
  ["call-cap", "shadow", "policyConflict: stop", "deny CALL_CAP", "conclude refusal"],
  ["call-cap", "shadow", "policyUncertainty: stop", "deny CALL_CAP", "answer denied"],
  ["call-cap", "shadow", "lowConfidence: escalate", "deny CALL_CAP", "answer denied"],
  ["call-cap", "draft", "default", "deny CALL_CAP", "answer denied"],
  ["call-cap", "draft", "policyConflict: stop", "deny CALL_CAP", "conclude refusal"],
  ["call-cap", "draft", "policyUncertainty: stop", "deny CALL_CAP", "answer denied"],
  ["call-cap", "draft", "lowConfidence: escalate", "deny CALL_CAP", "answer denied"],
  ["call-cap", "supervised", "default", "deny CALL_CAP", "answer denied"],
  ["call-cap", "supervised", "policyConflict: stop", "deny CALL_CAP", "conclude refusal"],
  ["call-cap", "supervised", "policyUncertainty: stop", "deny CALL_CAP", "answer denied"],
  ["call-cap", "supervised", "lowConfidence: escalate", "deny CALL_CAP", "answer denied"],
  ["call-cap", "autonomous", "default", "deny CALL_CAP", "answer denied"],
  ["call-cap", "autonomous", "policyConflict: stop", "deny CALL_CAP", "conclude refusal"],
  ["call-cap", "autonomous", "policyUncertainty: stop", "deny CALL_CAP", "answer denied"],
  ["call-cap", "autonomous", "lowConfidence: escalate", "deny CALL_CAP", "answer denied"],
  ["fact-provenance", "shadow", "default", "deny UNVERIFIED_FACT,AUTONOMY_SHADOW", "answer denied"],
  [
    "fact-provenance",
    "shadow",
    "policyConflict: stop",
    "deny UNVERIFIED_FACT,AUTONOMY_SHADOW",
    "conclude refusal",
  ],
  [
    "fact-provenance",
    "shadow",
    "policyUncertainty: stop",
    "deny UNVERIFIED_FACT,AUTONOMY_SHADOW",
    "answer denied",
  ],
  [
    "fact-provenance",
    "shadow",
    "lowConfidence: escalate",
    "deny UNVERIFIED_FACT,AUTONOMY_SHADOW",
    "answer denied",
  ],
  ["fact-provenance", "draft", "default", "deny UNVERIFIED_FACT", "answer denied"],
  ["fact-provenance", "draft", "policyConflict: stop", "deny UNVERIFIED_FACT", "conclude refusal"],
  ["fact-provenance", "draft", "policyUncertainty: stop", "deny UNVERIFIED_FACT", "answer denied"],
  ["fact-provenance", "draft", "lowConfidence: escalate", "deny UNVERIFIED_FACT", "answer denied"],
  ["fact-provenance", "supervised", "default", "deny UNVERIFIED_FACT", "answer denied"],
  ["fact-provenance", "supervised", "policyConflict: stop", "deny UNVERIFIED_FACT", "conclude refusal"],
  ["fact-provenance", "supervised", "policyUncertainty: stop", "deny UNVERIFIED_FACT", "answer denied"],
  ["fact-provenance", "supervised", "lowConfidence: escalate", "deny UNVERIFIED_FACT", "answer denied"],
  ["fact-provenance", "autonomous", "default", "deny UNVERIFIED_FACT", "answer denied"],
  ["fact-provenance", "autonomous", "policyConflict: stop", "deny UNVERIFIED_FACT", "conclude refusal"],
  ["fact-provenance", "autonomous", "policyUncertainty: stop", "deny UNVERIFIED_FACT", "answer denied"],
  ["fact-provenance", "autonomous", "lowConfidence: escalate", "deny UNVERIFIED_FACT", "answer denied"],
  ["protected-fields", "shadow", "default", "deny AUTONOMY_SHADOW", "answer shadowed"],
  ["protected-fields", "shadow", "policyConflict: stop", "deny AUTONOMY_SHADOW", "answer shadowed"],
  ["protected-fields", "shadow", "policyUncertainty: stop", "deny AUTONOMY_SHADOW", "answer shadowed"],
  ["protected-fields", "shadow", "lowConfidence: escalate", "deny AUTONOMY_SHADOW", "answer shadowed"],
  [
    "protected-fields",
    "draft",
    "default",
    "require-approval PROTECTED_FIELD,AUTONOMY_DRAFT",
    "answer proposed",
  ],
  [
    "protected-fields",
    "draft",
    "policyConflict: stop",
    "require-approval PROTECTED_FIELD,AUTONOMY_DRAFT",
    "answer proposed",
  ],
  [
    "protected-fields",
    "draft",
    "policyUncertainty: stop",
    "require-approval PROTECTED_FIELD,AUTONOMY_DRAFT",
    "answer proposed",
  ],
  [
    "protected-fields",
    "draft",
    "lowConfidence: escalate",
    "require-approval PROTECTED_FIELD,AUTONOMY_DRAFT",
    "answer proposed",
  ],
  [
    "protected-fields",
    "supervised",
    "default",
    "require-approval PROTECTED_FIELD,AUTONOMY_SUPERVISED",
    "suspend approval",
  ],
  [
    "protected-fields",
    "supervised",
    "policyConflict: stop",
    "require-approval PROTECTED_FIELD,AUTONOMY_SUPERVISED",
    "suspend approval",
  ],
  [
    "protected-fields",
    "supervised",
    "policyUncertainty: stop",
    "require-approval PROTECTED_FIELD,AUTONOMY_SUPERVISED",
    "conclude escalation:approval_required",
  ],
  [
    "protected-fields",
    "supervised",
    "lowConfidence: escalate",
    "require-approval PROTECTED_FIELD,AUTONOMY_SUPERVISED",
    "suspend approval",
  ],
  ["protected-fields", "autonomous", "default", "require-approval PROTECTED_FIELD", "suspend approval"],
  [
    "protected-fields",
    "autonomous",
    "policyConflict: stop",
    "require-approval PROTECTED_FIELD",
    "suspend approval",
  ],
  [
    "protected-fields",
    "autonomous",
    "policyUncertainty: stop",
    "require-approval PROTECTED_FIELD",
    "conclude escalation:approval_required",
  ],
  [
    "protected-fields",
    "autonomous",
    "lowConfidence: escalate",
    "require-approval PROTECTED_FIELD",
    "suspend approval",
  ],
  ["external-communication", "shadow", "default", "deny AUTONOMY_SHADOW", "answer shadowed"],
  ["external-communication", "shadow", "policyConflict: stop", "deny AUTONOMY_SHADOW", "answer shadowed"],
  ["external-communication", "shadow", "policyUncertainty: stop", "deny AUTONOMY_SHADOW", "answer shadowed"],
  ["external-communication", "shadow", "lowConfidence: escalate", "deny AUTONOMY_SHADOW", "answer shadowed"],
  [
    "external-communication",
    "draft",
    "default",
    "require-approval EXTERNAL_COMMUNICATION,AUTONOMY_DRAFT",
    "answer proposed",
  ],
  [
    "external-communication",
    "draft",
    "policyConflict: stop",
    "require-approval EXTERNAL_COMMUNICATION,AUTONOMY_DRAFT",
    "answer proposed",
  ],
  [
    "external-communication",
    "draft",
    "policyUncertainty: stop",
    "require-approval EXTERNAL_COMMUNICATION,AUTONOMY_DRAFT",
    "answer proposed",
  ],
  [
    "external-communication",
    "draft",
    "lowConfidence: escalate",
    "require-approval EXTERNAL_COMMUNICATION,AUTONOMY_DRAFT",
    "answer proposed",
  ],
  [
    "external-communication",
    "supervised",
    "default",
    "require-approval EXTERNAL_COMMUNICATION,AUTONOMY_SUPERVISED",
    "suspend approval",
  ],
  [
    "external-communication",
    "supervised",
    "policyConflict: stop",
    "require-approval EXTERNAL_COMMUNICATION,AUTONOMY_SUPERVISED",
    "suspend approval",
  ],
  [
    "external-communication",
    "supervised",
    "policyUncertainty: stop",
    "require-approval EXTERNAL_COMMUNICATION,AUTONOMY_SUPERVISED",
    "conclude escalation:approval_required",
  ],
  [
    "external-communication",
    "supervised",
    "lowConfidence: escalate",
    "require-approval EXTERNAL_COMMUNICATION,AUTONOMY_SUPERVISED",
    "suspend approval",
  ],
  [
    "external-communication",
    "autonomous",
    "default",
    "require-approval EXTERNAL_COMMUNICATION",
    "suspend approval",
  ],
  [
    "external-communication",
    "autonomous",
    "policyConflict: stop",
    "require-approval EXTERNAL_COMMUNICATION",
    "suspend approval",
  ],
  [
    "external-communication",
    "autonomous",
    "policyUncertainty: stop",
    "require-approval EXTERNAL_COMMUNICATION",
    "conclude escalation:approval_required",
  ],
  [
    "external-communication",
    "autonomous",
    "lowConfidence: escalate",
    "require-approval EXTERNAL_COMMUNICATION",
    "suspend approval",
  ],
  ["autonomy", "shadow", "default", "deny AUTONOMY_SHADOW", "answer shadowed"],
  ["autonomy", "shadow", "policyConflict: stop", "deny AUTONOMY_SHADOW", "answer shadowed"],
  ["autonomy", "shadow", "policyUncertainty: stop", "deny AUTONOMY_SHADOW", "answer shadowed"],
  ["autonomy", "shadow", "lowConfidence: escalate", "deny AUTONOMY_SHADOW", "answer shadowed"],
  ["autonomy", "draft", "default", "require-approval AUTONOMY_DRAFT", "answer proposed"],
  ["autonomy", "draft", "policyConflict: stop", "require-approval AUTONOMY_DRAFT", "answer proposed"],
  ["autonomy", "draft", "policyUncertainty: stop", "require-approval AUTONOMY_DRAFT", "answer proposed"],
  ["autonomy", "draft", "lowConfidence: escalate", "require-approval AUTONOMY_DRAFT", "answer proposed"],
  ["autonomy", "supervised", "default", "require-approval AUTONOMY_SUPERVISED", "suspend approval"],
  [
    "autonomy",
    "supervised",
    "policyConflict: stop",
    "require-approval AUTONOMY_SUPERVISED",
    "suspend approval",
  ],
  [
    "autonomy",
    "supervised",
    "policyUncertainty: stop",
    "require-approval AUTONOMY_SUPERVISED",
    "conclude escalation:approval_required",
  ],
  [
    "autonomy",
    "supervised",
    "lowConfidence: escalate",
    "require-approval AUTONOMY_SUPERVISED",
    "suspend approval",
  ],
  ["autonomy", "autonomous", "default", "allow", "execute"],
  ["autonomy", "autonomous", "policyConflict: stop", "allow", "execute"],
  ["autonomy", "autonomous", "policyUncertainty: stop", "allow", "execute"],
  ["autonomy", "autonomous", "lowConfidence: escalate", "allow", "execute"],
  ["kill-switch", "shadow", "default", "deny WORKFLOW_PAUSED", "answer denied"],
  ["kill-switch", "shadow", "policyConflict: stop", "deny WORKFLOW_PAUSED", "conclude refusal"],
  ["kill-switch", "shadow", "policyUncertainty: stop", "deny WORKFLOW_PAUSED", "answer denied"],
  ["kill-switch", "shadow", "lowConfidence: escalate", "deny WORKFLOW_PAUSED", "answer denied"],
  ["kill-switch", "draft", "default", "deny WORKFLOW_PAUSED", "answer denied"],
  ["kill-switch", "draft", "policyConflict: stop", "deny WORKFLOW_PAUSED", "conclude refusal"],
  ["kill-switch", "draft", "policyUncertainty: stop", "deny WORKFLOW_PAUSED", "answer denied"],
  ["kill-switch", "draft", "lowConfidence: escalate", "deny WORKFLOW_PAUSED", "answer denied"],
  ["kill-switch", "supervised", "default", "deny WORKFLOW_PAUSED", "answer denied"],
  ["kill-switch", "supervised", "policyConflict: stop", "deny WORKFLOW_PAUSED", "conclude refusal"],
  ["kill-switch", "supervised", "policyUncertainty: stop", "deny WORKFLOW_PAUSED", "answer denied"],
  ["kill-switch", "supervised", "lowConfidence: escalate", "deny WORKFLOW_PAUSED", "answer denied"],
  ["kill-switch", "autonomous", "default", "deny WORKFLOW_PAUSED", "answer denied"],
  ["kill-switch", "autonomous", "policyConflict: stop", "deny WORKFLOW_PAUSED", "conclude refusal"],
  ["kill-switch", "autonomous", "policyUncertainty: stop", "deny WORKFLOW_PAUSED", "answer denied"],
  ["kill-switch", "autonomous", "lowConfidence: escalate", "deny WORKFLOW_PAUSED", "answer denied"],
  ["abnormal-data", "shadow", "default", "deny AUTONOMY_SHADOW,ABNORMAL_DATA", "answer denied"],
  [
    "abnormal-data",
    "shadow",
    "policyConflict: stop",
    "deny AUTONOMY_SHADOW,ABNORMAL_DATA",
    "conclude refusal",
  ],
  [
    "abnormal-data",
    "shadow",
    "policyUncertainty: stop",
    "deny AUTONOMY_SHADOW,ABNORMAL_DATA",
    "answer denied",
  ],
  [
    "abnormal-data",
    "shadow",
    "lowConfidence: escalate",
    "deny AUTONOMY_SHADOW,ABNORMAL_DATA",
    "answer denied",
  ],
  ["abnormal-data", "draft", "default", "deny ABNORMAL_DATA", "answer denied"],
  ["abnormal-data", "draft", "policyConflict: stop", "deny ABNORMAL_DATA", "conclude refusal"],
  ["abnormal-data", "draft", "policyUncertainty: stop", "deny ABNORMAL_DATA", "answer denied"],
  ["abnormal-data", "draft", "lowConfidence: escalate", "deny ABNORMAL_DATA", "answer denied"],
  ["abnormal-data", "supervised", "default", "deny ABNORMAL_DATA", "answer denied"],
  ["abnormal-data", "supervised", "policyConflict: stop", "deny ABNORMAL_DATA", "conclude refusal"],
  ["abnormal-data", "supervised", "policyUncertainty: stop", "deny ABNORMAL_DATA", "answer denied"],
  ["abnormal-data", "supervised", "lowConfidence: escalate", "deny ABNORMAL_DATA", "answer denied"],
  ["abnormal-data", "autonomous", "default", "deny ABNORMAL_DATA", "answer denied"],
  ["abnormal-data", "autonomous", "policyConflict: stop", "deny ABNORMAL_DATA", "conclude refusal"],
  ["abnormal-data", "autonomous", "policyUncertainty: stop", "deny ABNORMAL_DATA", "answer denied"],
  ["abnormal-data", "autonomous", "lowConfidence: escalate", "deny ABNORMAL_DATA", "answer denied"],
  ["low-confidence", "shadow", "default", "deny AUTONOMY_SHADOW", "answer shadowed"],
  ["low-confidence", "shadow", "policyConflict: stop", "deny AUTONOMY_SHADOW", "answer shadowed"],
  ["low-confidence", "shadow", "policyUncertainty: stop", "deny AUTONOMY_SHADOW", "answer shadowed"],
  ["low-confidence", "shadow", "lowConfidence: escalate", "deny AUTONOMY_SHADOW", "answer shadowed"],
  ["low-confidence", "draft", "default", "require-approval AUTONOMY_DRAFT,LOW_CONFIDENCE", "answer proposed"],
  [
    "low-confidence",
    "draft",
    "policyConflict: stop",
    "require-approval AUTONOMY_DRAFT,LOW_CONFIDENCE",
    "answer proposed",
  ],
  [
    "low-confidence",
    "draft",
    "policyUncertainty: stop",
    "require-approval AUTONOMY_DRAFT,LOW_CONFIDENCE",
    "answer proposed",
  ],
  [
    "low-confidence",
    "draft",
    "lowConfidence: escalate",
    "require-approval AUTONOMY_DRAFT,LOW_CONFIDENCE",
    "conclude escalation:low_confidence",
  ],
  [
    "low-confidence",
    "supervised",
    "default",
    "require-approval AUTONOMY_SUPERVISED,LOW_CONFIDENCE",
    "answer proposed",
  ],
  [
    "low-confidence",
    "supervised",
    "policyConflict: stop",
    "require-approval AUTONOMY_SUPERVISED,LOW_CONFIDENCE",
    "answer proposed",
  ],
  [
    "low-confidence",
    "supervised",
    "policyUncertainty: stop",
    "require-approval AUTONOMY_SUPERVISED,LOW_CONFIDENCE",
    "answer proposed",
  ],
  [
    "low-confidence",
    "supervised",
    "lowConfidence: escalate",
    "require-approval AUTONOMY_SUPERVISED,LOW_CONFIDENCE",
    "conclude escalation:low_confidence",
  ],
  ["low-confidence", "autonomous", "default", "require-approval LOW_CONFIDENCE", "answer proposed"],
  [
    "low-confidence",
    "autonomous",
    "policyConflict: stop",
    "require-approval LOW_CONFIDENCE",
    "answer proposed",
  ],
  [
    "low-confidence",
    "autonomous",
    "policyUncertainty: stop",
    "require-approval LOW_CONFIDENCE",
    "answer proposed",
  ],
  [
    "low-confidence",
    "autonomous",
    "lowConfidence: escalate",
    "require-approval LOW_CONFIDENCE",
    "conclude escalation:low_confidence",
  ],
];

describe("planCall: every built-in rule × autonomy level × recovery path", () => {
  it("covers every scenario, level and recovery setting", () => {
    expect(table).toHaveLength(
      Object.keys(scenarios).length * autonomyLevels.length * Object.keys(recoveries).length,
    );
  });
  it.each(table)("%s under %s (%s): %s → %s", (name, autonomy, recovery, verdict, step) => {
    const scenario = scenarios[name];
    if (scenario === undefined) throw new Error(`no scenario ${name}`);
    expect(summary(scenario, autonomy, recovery)).toEqual([verdict, step]);
  });
});

describe("planCall: whole plans", () => {
  const email = { toolName: "send_email", input: { to: "a@b.co", body: "hi" } };
  const reasons = [
    {
      rule: "external-communication",
      code: "EXTERNAL_COMMUNICATION",
      message: '"send_email" communicates outside the organisation and always needs approval',
    },
  ];

  it("suspends a call that needs approval and asks for one bound to its input", () => {
    const plan = planCall(view({ request: email }, "autonomous", {}), { callId: "c1", ...email });
    const verdict = { type: "require-approval", reasons };
    expect(plan).toEqual({
      counted: true,
      events: [
        { type: "tool.proposed", data: { callId: "c1", toolName: "send_email", input: email.input } },
        { type: "tool.verdict", data: { callId: "c1", toolName: "send_email", verdict } },
        {
          type: "approval.requested",
          data: { approvalId: "appr_d444ae6b2e8aa8a8", callId: "c1", toolName: "send_email", reasons },
        },
      ],
      step: {
        type: "suspend",
        record: {
          callId: "c1",
          toolName: "send_email",
          input: email.input,
          verdict,
          status: "pending-approval",
        },
        suspended: {
          kind: "approval",
          approval: { approvalId: "appr_d444ae6b2e8aa8a8", callId: "c1", toolName: "send_email", reasons },
        },
        approval: {
          id: "appr_d444ae6b2e8aa8a8",
          runId: "run-1",
          charter: "gate-test",
          callId: "c1",
          toolName: "send_email",
          input: email.input,
          inputHash: expect.stringMatching(/^[0-9a-f]{64}$/),
          reasons: { kind: "approval", reasons },
        },
      },
    });
  });

  /** The view of a run that suspended on `c1` and whose approval a human decided. */
  function decided(status: "approved" | "rejected", input: unknown = email.input): CallView {
    const base = view({ request: email }, "autonomous", {});
    const first = planCall(base, { callId: "c1", ...email });
    if (first.step.type !== "suspend" || first.step.approval === undefined)
      throw new Error("expected a suspension");
    const state = freshRunState();
    state.callCount = 1;
    state.callCountByTool.set("send_email", 1);
    recordCall(state, { record: first.step.record });
    const approval: ApprovalRecord = {
      ...first.step.approval,
      input,
      status,
      decidedBy: "maria",
      note: status === "rejected" ? "not this customer" : null,
      createdAt: "2026-01-01T00:00:00.000Z",
      decidedAt: "2026-01-01T00:01:00.000Z",
    };
    if (input !== email.input) approval.inputHash = "0".repeat(64);
    return { ...base, state, approval };
  }

  it("executes the approved call, not counted again, with the approver on its verdict", () => {
    const plan = planCall(decided("approved"), { callId: "c1", ...email });
    expect(plan.counted).toBe(false);
    expect(plan.step).toMatchObject({
      type: "execute",
      input: email.input,
      verdict: { type: "allow", approvedBy: "maria" },
      idempotencyKey: "run-1:c1",
    });
  });

  it("gives a rejection's reason back to the agent", () => {
    const plan = planCall(decided("rejected"), { callId: "c1", ...email });
    expect(plan.events.at(-1)).toEqual({
      type: "approval.applied",
      data: { approvalId: "appr_d444ae6b2e8aa8a8", callId: "c1", status: "rejected" },
    });
    expect(plan.step).toEqual({
      type: "answer",
      record: {
        callId: "c1",
        toolName: "send_email",
        input: email.input,
        verdict: { type: "require-approval", reasons },
        status: "rejected",
      },
      result: {
        status: "rejected",
        reason: "not this customer",
        message: "A human rejected this call (not this customer). Do not retry it; take this into account.",
      },
    });
  });

  it("refuses an approval granted for another input", () => {
    const plan = planCall(decided("approved", { to: "x@y.co", body: "other" }), { callId: "c1", ...email });
    expect(plan.events.at(-1)).toEqual({
      type: "approval.refused",
      data: {
        approvalId: "appr_d444ae6b2e8aa8a8",
        callId: "c1",
        reason: "approval refused: it was granted for a different tool, call or input",
      },
    });
    expect(plan.step).toMatchObject({ type: "answer", result: { status: "denied" } });
  });

  it("replays a settled call without judging it again", () => {
    const base = view({ request: email }, "autonomous", {});
    const state = freshRunState();
    const result = { status: "ok" as const, output: { id: "m1" } };
    recordCall(state, {
      record: {
        callId: "c1",
        toolName: "send_email",
        input: email.input,
        verdict: { type: "allow" },
        status: "executed",
      },
      result,
    });
    expect(planCall({ ...base, state }, { callId: "c1", ...email })).toEqual({
      events: [],
      counted: false,
      step: { type: "replay", result },
    });
  });

  it("judges the input as the card parses it, and denies arguments that are not plain data", () => {
    const plan = planCall(view({ request: email }, "autonomous", {}), {
      callId: "c1",
      toolName: "lookup",
      input: undefined,
      inputProblem: "(input): (input).when is a Date, not plain data",
    });
    expect(plan.step).toMatchObject({
      type: "answer",
      result: {
        status: "denied",
        reasons: [
          {
            rule: "valid-input",
            code: "INPUT_INVALID",
            message: 'invalid input for "lookup": (input): (input).when is a Date, not plain data',
          },
        ],
      },
    });
  });
});

describe("planCall: execution keys", () => {
  it("gives a call resumed after a paused failure a fresh idempotency key per round", () => {
    const request = { callId: "c1", toolName: "lookup", input: { domain: "acme.com" } };
    const base = view({ request }, "autonomous", {});
    const state = freshRunState();
    state.retryRounds.set("c1", 2);
    expect(planCall(base, request).step).toMatchObject({ type: "execute", idempotencyKey: "run-1:c1" });
    expect(planCall({ ...base, state }, request).step).toMatchObject({
      type: "execute",
      idempotencyKey: "run-1:c1#2",
    });
  });
});
