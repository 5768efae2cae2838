import { hashJson } from "../hash/canonical-hash.js";
import { declarativePolicies } from "./declarative-policy.js";
import type { PolicyContext, PolicyRule, ProposedCall } from "./policy-rule.js";
import { autonomy } from "./rules/autonomy.js";
import { callCap } from "./rules/call-cap.js";
import { externalCommunication } from "./rules/external-communication.js";
import { factProvenance } from "./rules/fact-provenance.js";
import { forbiddenTool } from "./rules/forbidden-tool.js";
import { killSwitch } from "./rules/kill-switch.js";
import { protectedFields } from "./rules/protected-fields.js";
import { toolInCharter } from "./rules/tool-in-charter.js";
import { validInput } from "./rules/valid-input.js";
import { combineVerdicts, deny, type RuleVerdict, type Verdict } from "./verdict.js";

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
  const rules = [...builtinRules, ...declarativePolicies(context.charter), ...(options.rules ?? [])];
  const checks: GateCheck[] = rules.map((rule) => ({
    rule: rule.name,
    verdict: runRule(rule, call, context),
  }));
  const verdict = combineVerdicts(checks);
  if (verdict.type === "require-approval" && context.approval && approvalMatches(call, context.approval)) {
    return { type: "allow", approvedBy: context.approval.approver, checks };
  }
  return { ...verdict, checks };
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
