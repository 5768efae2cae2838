import { hashJson } from "../hash/canonical-hash.js";
import { declarativePolicies } from "./declarative-policy.js";
import type { PolicyContext, PolicyRule, ProposedCall } from "./policy-rule.js";
import { abnormalData } from "./rules/abnormal-data.js";
import { autonomy } from "./rules/autonomy.js";
import { callCap } from "./rules/call-cap.js";
import { externalCommunication } from "./rules/external-communication.js";
import { factProvenance } from "./rules/fact-provenance.js";
import { forbiddenTool } from "./rules/forbidden-tool.js";
import { killSwitch } from "./rules/kill-switch.js";
import { lowConfidence } from "./rules/low-confidence.js";
import { protectedFields } from "./rules/protected-fields.js";
import { toolInCharter } from "./rules/tool-in-charter.js";
import { validInput } from "./rules/valid-input.js";
import { combineVerdicts, deny, type RuleVerdict, type Verdict, VerdictCombiner } from "./verdict.js";

/** The built-in rules, in the gate's order: charter, contract, policy, autonomy, kill switch. */
export const builtinRules: readonly PolicyRule[] = [
  toolInCharter,
  forbiddenTool,
  validInput,
  callCap,
  factProvenance,
  protectedFields,
  externalCommunication,
  autonomy,
  killSwitch,
  abnormalData,
  lowConfidence,
];

export interface CheckToolCallOptions {
  /** The call the agent proposes. */
  call: ProposedCall;
  /** What the gate knows about the run. */
  context: PolicyContext;
  /** Custom rules (TypeScript), checked after the built-in and the charter's declared rules. */
  rules?: readonly PolicyRule[];
}

export interface GateCheck {
  rule: string;
  verdict: RuleVerdict;
}

/**
 * Decides whether a proposed tool call may run, without running anything. Every rule is consulted (so the
 * audit log shows all objections); deny beats require-approval beats allow. A rule that throws denies the call
 * (the gate fails closed). An approval in the context waives require-approval only when it is bound to this
 * tool, this call id and this exact input.
 */
export function checkToolCall(options: CheckToolCallOptions): Verdict & { checks: GateCheck[] } {
  const { call, context } = options;
  const rules = gateRules(context.charter, options.rules ?? []);
  const checks: GateCheck[] = rules.map((rule) => ({
    rule: rule.name,
    verdict: runRule(rule, call, context),
  }));
  return { ...withApproval(combineVerdicts(checks), call, context), checks };
}

/** Every rule the gate consults for a charter, in order: built-in, the charter's declared rules, then `custom`. */
export function gateRules(charter: PolicyContext["charter"], custom: readonly PolicyRule[]): PolicyRule[] {
  return [...builtinRules, ...declarativePolicies(charter), ...custom];
}

/**
 * `checkToolCall`'s verdict alone, for the runtime's gate on every call: the same rules and precedence, without the
 * list of each rule's verdict. `rules` comes from `gateRules`; `approvedInput` is the input an approval is bound to
 * when `call.input` is the parsed one.
 */
export function gateVerdict(
  call: ProposedCall,
  context: PolicyContext,
  rules: readonly PolicyRule[],
  approvedInput: unknown = call.input,
): Verdict {
  const combined = new VerdictCombiner();
  for (const rule of rules) combined.add(rule.name, runRule(rule, call, context));
  return withApproval(combined.result(), call, context, approvedInput);
}

/**
 * An approval on record waives require-approval when it is bound to this tool, this call id and this exact input
 * (`approvedInput`: the input the approval was asked for, the agent's arguments before the card parsed them).
 */
function withApproval(
  verdict: Verdict,
  call: ProposedCall,
  context: PolicyContext,
  approvedInput: unknown = call.input,
): Verdict {
  if (
    verdict.type === "require-approval" &&
    context.approval &&
    approvalMatches({ ...call, input: approvedInput }, context.approval)
  ) {
    return { type: "allow", approvedBy: context.approval.approver };
  }
  return verdict;
}

/** An approval counts only for the exact call it was given for. */
export function approvalMatches(
  call: ProposedCall,
  approval: NonNullable<PolicyContext["approval"]>,
): boolean {
  return (
    approval.toolName === call.toolName &&
    approval.callId === call.callId &&
    approval.inputHash === hashJson(call.input)
  );
}

function runRule(rule: PolicyRule, call: ProposedCall, context: PolicyContext): RuleVerdict {
  try {
    const verdict = rule.check(call, context);
    if (verdict?.type === "allow" || verdict?.type === "deny" || verdict?.type === "require-approval")
      return verdict;
    return deny("RULE_ERROR", `policy rule "${rule.name}" returned no verdict; the call is denied`);
  } catch (error) {
    return deny(
      "RULE_ERROR",
      `policy rule "${rule.name}" failed (${error instanceof Error ? error.message : String(error)}); the call is denied`,
    );
  }
}
