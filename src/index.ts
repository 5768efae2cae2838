// The public surface of `reins`: what a workflow author uses to define tools, charters, policies and suites, run an
// agent, decide approvals and evaluate. Everything exported is listed by name; the rest lives in subpaths
// (`reins/eval`, `reins/report`, `reins/store`, `reins/audit`, `reins/model`, `reins/policy`, `reins/testing`).

export type { AuditSink } from "./audit/audit-log.js";
export type {
  AutonomyLevel,
  Charter,
  EscalationRule,
  KillSwitchSettings,
  RecoveryPaths,
} from "./charter/charter.js";
export type { Condition, DeclarativeRule } from "./charter/declarative-rule.js";
export type { CharterDefinition } from "./charter/define-charter.js";
export { defineCharter } from "./charter/define-charter.js";
export type { LoadCharterOptions } from "./charter/load-charter.js";
export { loadCharter } from "./charter/load-charter.js";
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
export { defineTool, ToolFailure } from "./contract/tool-card.js";
export type { ToolRegistry } from "./contract/tool-registry.js";
export { createToolRegistry } from "./contract/tool-registry.js";
export { ErrorCode } from "./errors/codes.js";
export type { SourceLocation } from "./errors/reins-error.js";
export { ReinsError, SystemError, UserError } from "./errors/reins-error.js";
export type { ValidationIssue } from "./errors/validation-error.js";
export { ValidationError } from "./errors/validation-error.js";
export type { EvalReport } from "./eval/report.js";
export type { EvalProgress, EvaluateOptions } from "./eval/run-eval.js";
export { evaluate } from "./eval/run-eval.js";
export type {
  ConfigurableSuite,
  Suite,
  SuiteDefinition,
  SuiteOption,
  SuiteOptions,
  SuiteOptionValues,
} from "./eval/suite.js";
export { defineSuite } from "./eval/suite.js";
export type { ModuleLoader, ModuleLoaderOptions } from "./files/module-loader.js";
export { createModuleLoader } from "./files/module-loader.js";
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
export type {
  Agent,
  AgentConclusion,
  AgentContext,
  CallOptions,
  FunctionAgent,
  ModelAgent,
  ToolCallResult,
} from "./runtime/agent.js";
export { functionAgent, modelAgent } from "./runtime/agent.js";
export type { DecideApprovalOptions } from "./runtime/approvals.js";
export { decideApproval } from "./runtime/approvals.js";
export { resumeWorkflow } from "./runtime/kill-switch.js";
export type {
  DecisionRecord,
  PendingApproval,
  RunOutcome,
  RunResult,
  ToolCallRecord,
  ToolCallStatus,
  Usage,
} from "./runtime/outcome.js";
export type { ResumeRunOptions, RunAgentOptions } from "./runtime/run-agent.js";
export { resumeRun, runAgent } from "./runtime/run-agent.js";
export type { FieldSchema } from "./schema/field-schema.js";
export type { LoadWorkflowOptions, Workflow } from "./workflow/load-workflow.js";
export { loadWorkflow } from "./workflow/load-workflow.js";
