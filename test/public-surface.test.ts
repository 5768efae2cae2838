import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// Every entry point's exact export list, so the public surface cannot grow (or shrink) without this file changing.
// Values come from the built package (run `npx tsup` first), types from the entry's source.

const root = fileURLToPath(new URL("..", import.meta.url));

interface Surface {
  values: string[];
  types: string[];
}

const surfaces: Record<string, Surface> = {
  reins: {
    values: [
      "ErrorCode",
      "ReinsError",
      "SystemError",
      "ToolFailure",
      "UserError",
      "ValidationError",
      "allow",
      "createModuleLoader",
      "createToolRegistry",
      "decideApproval",
      "defineCharter",
      "definePolicy",
      "defineSuite",
      "defineTool",
      "deny",
      "evaluate",
      "functionAgent",
      "loadCharter",
      "loadWorkflow",
      "modelAgent",
      "requireApproval",
      "resumeRun",
      "resumeWorkflow",
      "runAgent",
    ],
    types: [
      "Agent",
      "AgentConclusion",
      "AgentContext",
      "AnyToolCard",
      "ApprovalGrant",
      "AuditSink",
      "AutonomyLevel",
      "CallOptions",
      "Charter",
      "CharterDefinition",
      "Condition",
      "ConfigurableSuite",
      "DecideApprovalOptions",
      "DecisionRecord",
      "DeclarativeRule",
      "EffectClass",
      "EscalationRule",
      "EvalProgress",
      "EvalReport",
      "EvaluateOptions",
      "FactUse",
      "FailureCondition",
      "FailureMode",
      "FailureResponse",
      "FieldSchema",
      "FunctionAgent",
      "KillSwitchSettings",
      "LoadCharterOptions",
      "LoadWorkflowOptions",
      "ModelAgent",
      "ModuleLoader",
      "ModuleLoaderOptions",
      "PendingApproval",
      "PolicyContext",
      "PolicyRule",
      "ProposedCall",
      "Reason",
      "RecoveryPaths",
      "ResumeRunOptions",
      "RuleVerdict",
      "RunAgentOptions",
      "RunOutcome",
      "RunResult",
      "SourceLocation",
      "Suite",
      "SuiteDefinition",
      "SuiteOption",
      "SuiteOptionValues",
      "SuiteOptions",
      "ToolCallRecord",
      "ToolCallResult",
      "ToolCallStatus",
      "ToolCard",
      "ToolCardOptions",
      "ToolContext",
      "ToolRegistry",
      "Usage",
      "ValidationIssue",
      "Verdict",
      "Workflow",
    ],
  },
  "reins/eval": {
    values: [
      "addRedteamCase",
      "applied",
      "builtinScorers",
      "caseKinds",
      "caseSchema",
      "checkOracles",
      "derivePerturbedCases",
      "diffStates",
      "gateVerdicts",
      "hashState",
      "impactLevels",
      "jsonEnvironment",
      "loadCaseFiles",
      "loadSuite",
      "mergeJson",
      "modelGradedScorer",
      "notApplicable",
      "oracleAgent",
      "passHatK",
      "perturbationNames",
      "scoreTrial",
      "selectCases",
      "taskClassThresholds",
      "withFaults",
    ],
    types: [
      "CallResolution",
      "CaseSelection",
      "CategoryScore",
      "DerivePerturbedCasesOptions",
      "Environment",
      "EvalCase",
      "EvalCaseInput",
      "Expectation",
      "Fault",
      "GateLabel",
      "GateVerdict",
      "Impact",
      "LoadSuiteOptions",
      "ModelGradedScorerOptions",
      "OracleCheck",
      "OracleStep",
      "Perturbation",
      "PerturbationContext",
      "PerturbationName",
      "PerturbationResult",
      "PerturbationTally",
      "PerturbedCases",
      "ScoreCategory",
      "Scorer",
      "StateChange",
      "TaskClass",
      "TranscriptCall",
      "TrialContext",
      "TrialOutcome",
      "TrialResult",
      "TrialTranscript",
    ],
  },
  "reins/report": {
    values: [
      "compareReports",
      "formatComparison",
      "formatSummary",
      "parseReport",
      "readReport",
      "toHtml",
      "toJUnitXml",
    ],
    types: [
      "Breakdown",
      "CaseChange",
      "FormatSummaryOptions",
      "MetricChange",
      "Metrics",
      "PerturbationSummary",
      "ReportComparison",
      "ThresholdCheck",
    ],
  },
  "reins/store": {
    values: [
      "migrateToLatest",
      "nextAuditEvent",
      "openMemoryStore",
      "openPostgresStore",
      "openSqliteStore",
      "openStore",
      "pendingMigrations",
    ],
    types: [
      "ActionRecord",
      "ActionStatus",
      "ApprovalRecord",
      "ApprovalStatus",
      "AuditEvent",
      "AuditEventInput",
      "AuditHead",
      "EvalInfo",
      "EvalRecord",
      "EvalResultKey",
      "EvalResultPage",
      "EvalResultRecord",
      "EvalStatus",
      "EvalSummary",
      "EvalTranscriptRecord",
      "FactRecord",
      "MemoryStoreOptions",
      "NewEval",
      "NewEvalResult",
      "OpenStoreOptions",
      "PostgresStoreOptions",
      "Provenance",
      "RunRecord",
      "RunStatus",
      "SqliteStoreOptions",
      "Store",
      "WorkflowState",
    ],
  },
  "reins/store/contract": { values: ["describeStoreContract"], types: ["OpenedStore"] },
  "reins/audit": {
    values: ["REDACTED", "createAuditLog", "createRedactor", "formatTrace", "redactString", "verifyAudit"],
    types: [
      "AuditLog",
      "AuditLogOptions",
      "AuditProblem",
      "AuditProblemKind",
      "AuditVerification",
      "RedactOptions",
      "Redactor",
    ],
  },
  "reins/model": {
    values: [
      "acceptedModelForms",
      "acceptedModelSpecifications",
      "asLanguageModelV3",
      "cacheMiddleware",
      "cachedModel",
      "defaultOllamaBaseURL",
      "parseModelSpec",
      "resolveModel",
    ],
    types: [
      "CachedModelOptions",
      "LanguageModel",
      "LanguageModelV4",
      "ModelProvider",
      "ModelSpec",
      "ResolveModelOptions",
      "ResolvedModel",
    ],
  },
  "reins/policy": { values: ["checkToolCall"], types: ["CheckToolCallOptions", "GateCheck"] },
  "reins/integrations": {
    values: ["openToolSession", "toAiSdkToolApproval", "toAiSdkTools", "toOpenAIAgentsTools"],
    types: [
      "AgentsFunctionCall",
      "AgentsFunctionTool",
      "AgentsGuardrailOutput",
      "AgentsToolInputGuardrail",
      "AiSdkInputSchema",
      "AiSdkTool",
      "AiSdkToolApproval",
      "AiSdkToolApprovalFunction",
      "AiSdkToolApprovalStatus",
      "AiSdkToolSet",
      "AiSdkToolsOptions",
      "OpenAIAgentsToolsOptions",
      "SessionCall",
      "SessionCallResult",
      "ToolSession",
      "ToolSessionOptions",
    ],
  },
  "reins/testing": {
    values: ["scriptedModel", "startFakeOpenAIServer", "toolCall"],
    types: [
      "FakeOpenAIServer",
      "FakeOpenAIServerOptions",
      "FakeReply",
      "FakeRequest",
      "FakeRequestHeaders",
      "FakeRequestRecord",
      "FakeToolCall",
      "RecordedCall",
      "ScriptStep",
      "ScriptToolCall",
      "ScriptUsage",
      "ScriptedModel",
      "ScriptedModelOptions",
      "ScriptedModelV4",
      "TextStep",
      "ToolCallsStep",
    ],
  },
};

type Target = { "reins-source": string; types: string; import: string };
const packageExports = (JSON.parse(readFileSync(`${root}/package.json`, "utf8")) as { exports: object })
  .exports as Record<string, Target | string>;
const entryPoints = Object.entries(packageExports).flatMap(([subpath, target]) =>
  typeof target === "string" ? [] : [{ name: `reins${subpath.slice(1)}`, target }],
);

/** The names an entry file exports as types only; it must list every name (`export *` is refused). */
function typeExports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest);
  const types: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isExportDeclaration(statement)) continue;
    if (!statement.exportClause || !ts.isNamedExports(statement.exportClause)) {
      throw new Error(`${file}: export * instead of a list of names`);
    }
    for (const element of statement.exportClause.elements) {
      if (statement.isTypeOnly || element.isTypeOnly) types.push(element.name.text);
    }
  }
  return types.sort();
}

/** The packages a built file loads, following its relative imports (the shared chunks) to the end. */
function packagesLoaded(file: string, seen = new Set<string>()): Set<string> {
  const packages = new Set<string>();
  if (seen.has(file)) return packages;
  seen.add(file);
  for (const [, specifier] of readFileSync(file, "utf8").matchAll(/^(?:import|export)\b[^;"]*?"([^"]+)"/gm)) {
    if (specifier === undefined) continue;
    if (specifier.startsWith(".")) {
      for (const p of packagesLoaded(resolve(dirname(file), specifier), seen)) packages.add(p);
    } else packages.add(specifier);
  }
  return packages;
}

describe("the public surface", () => {
  it("package.json exports exactly the entry points pinned here", () => {
    expect(entryPoints.map((e) => e.name).sort()).toEqual(Object.keys(surfaces).sort());
  });

  for (const { name, target } of entryPoints) {
    it(`${name} exports exactly the pinned values (dist) and types (source)`, async () => {
      const built = `${root}/${target.import}`;
      expect(existsSync(`${root}/${target.types}`), target.types).toBe(true);
      const module = (await import(built)) as Record<string, unknown>;
      expect(Object.keys(module).sort()).toEqual(surfaces[name]?.values);
      expect(typeExports(`${root}/${target["reins-source"]}`)).toEqual(surfaces[name]?.types);
    });
  }

  it("loads vitest (an optional peer) only from reins/store/contract", () => {
    const loading = entryPoints.filter(({ target }) =>
      packagesLoaded(`${root}/${target.import}`).has("vitest"),
    );
    expect(loading.map((e) => e.name)).toEqual(["reins/store/contract"]);
  });

  it("names one thing in one place: no name is exported by two entry points", () => {
    const seen = new Map<string, string[]>();
    for (const [name, { values, types }] of Object.entries(surfaces)) {
      for (const exported of [...values, ...types]) seen.set(exported, [...(seen.get(exported) ?? []), name]);
    }
    expect([...seen].filter(([, where]) => where.length > 1)).toEqual([]);
  });

  it("keeps the hash chain and the compiled declarative rules private", () => {
    const everything = Object.values(surfaces).flatMap((s) => [...s.values, ...s.types]);
    const internals = [
      "computeEventHash",
      "GENESIS_HASH",
      "compileDeclarativeRule",
      "declarativePolicies",
      "builtinRules",
    ];
    expect(internals.filter((name) => everything.includes(name))).toEqual([]);
  });
});
