import { z } from "zod";
import { callResolutions } from "../call-verdict.js";
import { caseKinds, gateVerdicts, impactLevels } from "../case.js";
import type { EvalReport } from "../report.js";
import { scoreCategories } from "../trial.js";

/** A share between 0 and 1. */
const rate = z.number().min(0).max(1);
const count = z.number().int().min(0);
const json = z.unknown();

const metricsSchema = z.record(z.enum(scoreCategories), rate);

const breakdownSchema = z.strictObject({
  cases: count,
  trials: count,
  passRate: rate,
  metrics: metricsSchema,
});

const usageSchema = z.strictObject({ modelCalls: count, inputTokens: count, outputTokens: count });

const outcomeSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("decision"),
    decision: z
      .object({ decision: z.string(), confidence: z.number(), rationale: z.string().optional() })
      .loose(),
    draft: z.boolean(),
  }),
  z.strictObject({
    type: z.literal("escalation"),
    reason: z.string(),
    evidence: json,
    recommendation: z.string().optional(),
  }),
  z.strictObject({ type: z.literal("needs-input"), fields: z.array(z.string()), question: z.string() }),
  z.strictObject({ type: z.literal("refusal"), reason: z.string() }),
  z.strictObject({ type: z.literal("error"), code: z.string(), message: z.string() }),
  z.strictObject({ type: z.literal("paused"), toolName: z.string(), error: z.string() }),
]);

/** One entry of a report's `results` (a `TrialResult`). */
export const trialResultSchema = z.strictObject({
  caseId: z.string().min(1),
  trial: z.number().int().min(1),
  kind: z.enum(caseKinds),
  impact: z.enum(impactLevels),
  perturbation: z.string().nullable(),
  base: z.string().nullable(),
  change: z.string().optional(),
  redteam: z.boolean(),
  decision: z.string().nullable(),
  expectedDecision: z.string().nullable(),
  outcome: outcomeSchema,
  scores: z.record(z.string(), z.number().int().min(0).max(1)),
  passed: z.boolean(),
  failures: z.array(z.strictObject({ category: z.string(), message: z.string() })),
  toolCalls: z.array(
    z.strictObject({
      callId: z.string(),
      toolName: z.string(),
      status: z.string(),
      input: json,
      verdict: z.enum(gateVerdicts).optional(),
      resolution: z.enum(callResolutions).optional(),
      approval: z
        .strictObject({
          callId: z.string(),
          approvalId: z.string(),
          status: z.enum(["approved", "rejected"]),
          decidedBy: z.string(),
          note: z.string().optional(),
        })
        .optional(),
      attempts: z.number().int().min(0).optional(),
      fallbackUsed: z.string().optional(),
    }),
  ),
  finalStateHash: z.string(),
  durationMs: z.number().min(0),
  usage: usageSchema,
  runId: z.string(),
});

const thresholdCheckSchema = z.strictObject({
  metric: z.string(),
  taskClass: z.string().optional(),
  source: z.enum(["suite", "task-class", "fail-under"]),
  required: z.number(),
  actual: z.number(),
  passed: z.boolean(),
  comparison: z.string().optional(),
});

const hash = z.string().regex(/^[0-9a-f]{64}$/, "a sha256 in hex");

const versionsSchema = z.strictObject({
  charter: hash,
  instructions: hash,
  tools: z.record(z.string(), hash),
  policies: z.record(z.string(), hash),
  model: z.strictObject({ agent: z.string(), settings: hash.nullable() }),
  dataset: z.strictObject({
    hash,
    cases: count,
    redteamCases: count,
    perturbations: z.array(z.string()),
  }),
});

/**
 * The zod schema of an `EvalReport` (schema versions 1 and 2), used to check report files before reading them.
 * Version 2 added `versions` and requires it; version 1 has none.
 */
export const evalReportSchema = z
  .strictObject({
    schemaVersion: z.union([z.literal(1), z.literal(2)]),
    suite: z.string(),
    charter: z.strictObject({ name: z.string(), version: z.string() }),
    agent: z.string(),
    model: z.string().nullable(),
    startedAt: z.iso.datetime({ offset: true }),
    durationMs: z.number().min(0),
    trials: z.number().int().min(1),
    caseCount: count,
    versions: versionsSchema.optional(),
    metrics: metricsSchema,
    passHatK: z.record(z.string().regex(/^[1-9][0-9]*$/, "keys are k = 1, 2, …"), rate),
    byKind: z.strictObject({
      success: breakdownSchema.optional(),
      ambiguous: breakdownSchema.optional(),
      failure: breakdownSchema.optional(),
      adversarial: breakdownSchema.optional(),
      redteam: breakdownSchema.optional(),
    }),
    byPerturbation: z.record(z.string(), breakdownSchema),
    // Added in reins 0.1 without a version bump: optional, so reports written before it still read.
    perturbations: z
      .record(
        z.string(),
        z.strictObject({
          derived: count,
          applied: count,
          notApplicable: count,
          reasons: z.array(z.strictObject({ reason: z.string(), cases: count })),
          passRate: rate.nullable(),
        }),
      )
      .optional(),
    impact: z.strictObject({
      weights: z.record(z.enum(impactLevels), z.number().min(0)),
      errorCostPerTrial: z.number().min(0),
      failedTrials: z.record(z.enum(impactLevels), count),
      worst: z.array(
        z.strictObject({
          caseId: z.string(),
          trial: z.number().int().min(1),
          impact: z.enum(impactLevels),
          kind: z.enum(caseKinds),
          failures: z.array(z.string()),
        }),
      ),
    }),
    thresholds: z.strictObject({ passed: z.boolean(), checks: z.array(thresholdCheckSchema) }),
    usage: z.strictObject({
      modelCalls: count,
      inputTokens: count,
      outputTokens: count,
      costUsd: z.number().min(0).nullable(),
    }),
    results: z.array(trialResultSchema),
  })
  .superRefine((report, ctx) => {
    if (report.schemaVersion === 2 && report.versions === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["versions"],
        message: "is required in a report of schemaVersion 2",
      });
    if (report.schemaVersion === 1 && report.versions !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["versions"],
        message: "is not part of schemaVersion 1 (reports with versions are schemaVersion 2)",
      });
  });

// The schema and the pinned `EvalReport` type must describe the same thing: this fails to compile if they drift.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesType: Same<z.output<typeof evalReportSchema>, EvalReport> = true;
void schemaMatchesType;
