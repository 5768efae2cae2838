// The public surface of `reins`. Everything exported is listed by name; nothing else is public.

export type { AuditLog, AuditLogOptions, AuditSink } from "./audit/audit-log.js";
export { createAuditLog } from "./audit/audit-log.js";
export type { AuditProblem, AuditProblemKind } from "./audit/check-chain.js";
export { formatTrace } from "./audit/format-trace.js";
export { computeEventHash, GENESIS_HASH } from "./audit/hash-chain.js";
export type { RedactOptions, Redactor } from "./audit/redact.js";
export { createRedactor, REDACTED, redactString } from "./audit/redact.js";
export type { AuditVerification } from "./audit/verify-audit.js";
export { verifyAudit } from "./audit/verify-audit.js";

export type {
  AutonomyLevel,
  Charter,
  EscalationRule,
  KillSwitchSettings,
  RecoveryPaths,
} from "./charter/charter.js";
export { autonomyLevels, recoveryDefaults } from "./charter/charter.js";
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
export type { EvalCase, EvalCaseInput, Expectation, Fault, Impact, OracleStep } from "./eval/case.js";
export { caseKinds, caseSchema, impactLevels } from "./eval/case.js";
export type { OracleCheck } from "./eval/check-oracles.js";
export { checkOracles } from "./eval/check-oracles.js";
export type { ModelPrice } from "./eval/cost.js";
export { estimateCostUsd } from "./eval/cost.js";
export type { Environment } from "./eval/environment.js";
export { jsonEnvironment, mergeJson } from "./eval/environment.js";
export { withFaults } from "./eval/faults/with-faults.js";
export { loadCaseFiles } from "./eval/load-cases.js";
export { loadSuite } from "./eval/load-suite.js";
export { oracleAgent } from "./eval/oracle.js";
export { passHatK } from "./eval/pass-hat-k.js";
export type { DerivePerturbedCasesOptions, PerturbedCases } from "./eval/perturb/index.js";
export { derivePerturbedCases, parsePerturbList } from "./eval/perturb/index.js";
export { addRedteamCase } from "./eval/redteam.js";
export type { CaseChange, MetricChange, ReportComparison } from "./eval/report/compare-reports.js";
export { compareReports } from "./eval/report/compare-reports.js";
export { formatComparison } from "./eval/report/format-comparison.js";
export type { FormatSummaryOptions } from "./eval/report/format-summary.js";
export { formatSummary } from "./eval/report/format-summary.js";
export { parseReport, readReport } from "./eval/report/read-report.js";
export { toHtml } from "./eval/report/to-html.js";
export { toJUnitXml } from "./eval/report/to-junit.js";
export type { Breakdown, EvalReport, Metrics, ThresholdCheck } from "./eval/report.js";
export type { EvalProgress, EvaluateOptions } from "./eval/run-eval.js";
export { evaluate } from "./eval/run-eval.js";
export { builtinScorers, scoreTrial } from "./eval/score-trial.js";
export type { ModelGradedScorerOptions } from "./eval/scorers/model-graded.js";
export { modelGradedScorer } from "./eval/scorers/model-graded.js";
export type { StateChange } from "./eval/state.js";
export { diffStates, hashState } from "./eval/state.js";
export type { Perturbation, PerturbationName, Suite, SuiteDefinition, TaskClass } from "./eval/suite.js";
export { defineSuite, perturbationNames, taskClassThresholds } from "./eval/suite.js";
export type {
  CategoryScore,
  ScoreCategory,
  Scorer,
  TrialContext,
  TrialOutcome,
  TrialResult,
} from "./eval/trial.js";
export { canonicalJson, hashJson } from "./hash/canonical-hash.js";
export type { CachedModelOptions } from "./model/cache-middleware.js";
export { cachedModel } from "./model/cache-middleware.js";
export type { ModelProvider, ModelSpec } from "./model/parse-model-spec.js";
export { acceptedModelForms, parseModelSpec } from "./model/parse-model-spec.js";
export type { ResolvedModel, ResolveModelOptions } from "./model/resolve-model.js";
export { defaultOllamaBaseURL, resolveModel } from "./model/resolve-model.js";
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
export { assessKillSwitch, resumeWorkflow } from "./runtime/kill-switch.js";
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
export { compileFieldSchema } from "./schema/field-schema.js";
export type { MemoryStoreOptions } from "./store/memory-store.js";
export { openMemoryStore } from "./store/memory-store.js";
export { migrateToLatest, pendingMigrations } from "./store/migrations.js";
export type { SqliteStoreOptions } from "./store/sqlite-store.js";
export { openSqliteStore } from "./store/sqlite-store.js";
export type {
  ActionRecord,
  ActionStatus,
  ApprovalRecord,
  ApprovalStatus,
  AuditEvent,
  AuditEventInput,
  AuditHead,
  EvalRecord,
  EvalResultRecord,
  EvalSummary,
  FactRecord,
  Provenance,
  RunRecord,
  RunStatus,
  Store,
  WorkflowState,
} from "./store/store.js";
export { findCharterFiles } from "./workflow/find-charters.js";
export type { Workflow } from "./workflow/load-workflow.js";
export { loadWorkflow } from "./workflow/load-workflow.js";
