// The public surface of `reins`. Everything exported is listed by name; nothing else is public.

export type { AutonomyLevel, Charter, EscalationRule } from "./charter/charter.js";
export { autonomyLevels } from "./charter/charter.js";
export type { CharterDefinition } from "./charter/define-charter.js";
export { defineCharter } from "./charter/define-charter.js";
export type { LoadCharterOptions } from "./charter/load-charter.js";
export { loadCharter, parseCharter } from "./charter/load-charter.js";
export type {
  AnyToolCard,
  EffectClass,
  FailureCondition,
  FailureMode,
  FailureResponse,
  ToolCard,
  ToolCardOptions,
  ToolContext,
} from "./contract/tool-card.js";
export { defineTool, isToolCard, ToolFailure } from "./contract/tool-card.js";
export type { ToolRegistry } from "./contract/tool-registry.js";
export { createToolRegistry } from "./contract/tool-registry.js";
export { ErrorCode } from "./errors/codes.js";
export type { SourceLocation } from "./errors/reins-error.js";
export { ReinsError, SystemError, UserError } from "./errors/reins-error.js";
export type { ValidationIssue } from "./errors/validation-error.js";
export { formatIssue, ValidationError } from "./errors/validation-error.js";
export { canonicalJson, hashJson } from "./hash/canonical-hash.js";
export type { CheckToolCallOptions, GateCheck } from "./policy/check-tool-call.js";
export { approvalMatches, builtinRules, checkToolCall } from "./policy/check-tool-call.js";
export { compileDeclarativeRule, declarativePolicies } from "./policy/declarative-policy.js";
export type { Condition, DeclarativeRule } from "./policy/declarative-rule.js";
export type {
  ApprovalGrant,
  FactUse,
  PolicyContext,
  PolicyRule,
  ProposedCall,
} from "./policy/policy-rule.js";
export { definePolicy } from "./policy/policy-rule.js";
export type { Reason, RuleVerdict, Verdict } from "./policy/verdict.js";
export { allow, deny, requireApproval } from "./policy/verdict.js";
export type { FieldSchema } from "./schema/field-schema.js";
export { compileFieldSchema } from "./schema/field-schema.js";
export { findCharterFiles } from "./workflow/find-charters.js";
export type { Workflow } from "./workflow/load-workflow.js";
export { loadWorkflow } from "./workflow/load-workflow.js";
