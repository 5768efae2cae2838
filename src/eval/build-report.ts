import type { Impact } from "./case.js";
import { estimateCostUsd } from "./cost.js";
import { passHatK } from "./pass-hat-k.js";
import { thresholdComparison } from "./report/threshold-comparison.js";
import type {
  Breakdown,
  EvalReport,
  EvalVersions,
  Metrics,
  PerturbationSummary,
  PerturbationTally,
  ThresholdCheck,
} from "./report.js";
import { type Suite, taskClassThresholds } from "./suite.js";
import { scoreCategories, type TrialResult } from "./trial.js";

/** How much a failure costs, by the case's business impact. */
export const impactWeights: Record<Impact, number> = { low: 1, medium: 3, high: 10, critical: 30 };
const impactOrder: Impact[] = ["critical", "high", "medium", "low"];

export interface BuildReportOptions {
  suite: Pick<Suite, "name" | "charter" | "thresholds" | "taskClass">;
  agent: string;
  model: string | null;
  startedAt: Date;
  durationMs: number;
  trials: number;
  caseCount: number;
  results: TrialResult[];
  failUnder: Record<string, number>;
  /** How each requested perturbation went over the base cases (none when none was requested). */
  perturbations?: Record<string, PerturbationTally>;
  /** The versions of what the scores depend on (see `evalVersions`). */
  versions: EvalVersions;
}

/** Assembles the versioned report from scored trials. */
export function buildReport(options: BuildReportOptions): EvalReport {
  const { results, trials } = options;
  const metrics = metricsOf(results);
  const byCase = groupBy(results, (r) => r.caseId);
  const counts = [...byCase.values()].map((rs) => ({
    trials: rs.length,
    successes: rs.filter((r) => r.passed).length,
  }));
  const passHat: Record<string, number> = {};
  for (let k = 1; k <= trials && counts.length > 0; k++) passHat[String(k)] = roundShare(passHatK(counts, k));

  const byKind: EvalReport["byKind"] = {};
  for (const [kind, rs] of groupBy(results, (r) => r.kind))
    byKind[kind as TrialResult["kind"]] = breakdown(rs);
  const redteam = results.filter((r) => r.redteam);
  if (redteam.length > 0) byKind.redteam = breakdown(redteam);
  const byPerturbation: EvalReport["byPerturbation"] = {};
  for (const [name, rs] of groupBy(results, (r) => r.perturbation ?? "none"))
    byPerturbation[name] = breakdown(rs);

  const perturbations: Record<string, PerturbationSummary> = {};
  for (const [name, tally] of Object.entries(options.perturbations ?? {})) {
    const ran = results.filter((r) => r.perturbation === name && !r.redteam);
    perturbations[name] = {
      ...tally,
      passRate: tally.applied === 0 || ran.length === 0 ? null : passRate(ran),
    };
  }

  const failed = results.filter((r) => !r.passed);
  const failedTrials = Object.fromEntries(
    impactOrder.map((i) => [i, failed.filter((r) => r.impact === i).length]),
  ) as Record<Impact, number>;
  // One entry per case (its first failed trial), so that a case failing every trial does not fill the list.
  const firstFailures = [...new Map(failed.map((r) => [r.caseId, r] as const)).values()];
  const worst = firstFailures
    .sort(
      (a, b) =>
        impactWeights[b.impact] - impactWeights[a.impact] ||
        b.failures.length - a.failures.length ||
        a.caseId.localeCompare(b.caseId),
    )
    .slice(0, 25)
    .map((r) => ({
      caseId: r.caseId,
      trial: r.trial,
      impact: r.impact,
      kind: r.kind,
      failures: r.failures.map((f) => `${f.category}: ${f.message}`),
    }));

  const checks = thresholdChecks(options, metricsOf(results, exact), results);
  const usage = results.reduce(
    (sum, r) => ({
      modelCalls: sum.modelCalls + r.usage.modelCalls,
      inputTokens: sum.inputTokens + r.usage.inputTokens,
      outputTokens: sum.outputTokens + r.usage.outputTokens,
    }),
    { modelCalls: 0, inputTokens: 0, outputTokens: 0 },
  );
  return {
    schemaVersion: 2,
    suite: options.suite.name,
    charter: { name: options.suite.charter.name, version: options.suite.charter.version },
    agent: options.agent,
    model: options.model,
    startedAt: options.startedAt.toISOString(),
    durationMs: Math.round(options.durationMs),
    trials,
    caseCount: options.caseCount,
    versions: options.versions,
    metrics,
    passHatK: passHat,
    byKind,
    byPerturbation,
    perturbations,
    impact: {
      weights: impactWeights,
      errorCostPerTrial:
        results.length === 0
          ? 0
          : roundShare(failed.reduce((s, r) => s + impactWeights[r.impact], 0) / results.length),
      failedTrials,
      worst,
    },
    thresholds: { passed: checks.every((c) => c.passed), checks },
    usage: { ...usage, costUsd: options.model === null ? null : estimateCostUsd(options.model, usage) },
    results,
  };
}

/** Shares are rounded for display; thresholds are checked on the exact share, so rounding never turns a fail into a pass. */
const exact = (n: number) => n;

function metricsOf(results: readonly TrialResult[], round: (n: number) => number = roundShare): Metrics {
  const metrics = {} as Metrics;
  for (const category of scoreCategories) {
    metrics[category] =
      results.length === 0
        ? 0
        : round(results.reduce((s, r) => s + (r.scores[category] ?? 0), 0) / results.length);
  }
  return metrics;
}

function breakdown(results: readonly TrialResult[]): Breakdown {
  return {
    cases: new Set(results.map((r) => r.caseId)).size,
    trials: results.length,
    passRate: passRate(results),
    metrics: metricsOf(results),
  };
}

function thresholdChecks(
  options: BuildReportOptions,
  metrics: Metrics,
  results: readonly TrialResult[],
): ThresholdCheck[] {
  const actualOf = (metric: string): number | undefined =>
    metric === "passRate" ? passRate(results, exact) : (metrics as Record<string, number>)[metric];
  const checks: ThresholdCheck[] = [];
  const add = (metric: string, required: number, source: ThresholdCheck["source"], taskClass?: string) => {
    const actual = actualOf(metric) ?? 0;
    checks.push({
      metric,
      ...(taskClass ? { taskClass } : {}),
      source,
      required,
      actual,
      passed: actual >= required,
      comparison: thresholdComparison(actual, required),
    });
  };
  const taskClass = options.suite.taskClass;
  if (taskClass)
    for (const [metric, required] of Object.entries(taskClassThresholds[taskClass]))
      add(metric, required, "task-class", taskClass);
  for (const [metric, required] of Object.entries(options.suite.thresholds ?? {}))
    if (required !== undefined) add(metric, required, "suite");
  for (const [metric, required] of Object.entries(options.failUnder)) add(metric, required, "fail-under");
  return checks;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Four decimals, the precision of every share in the report (so that 0.7 − 0.6 is 0.1 when shares are compared). */
export function roundShare(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

/** The share of trials that passed every category; 0 when there are none. */
export function passRate(results: readonly TrialResult[], round: (n: number) => number = roundShare): number {
  return results.length === 0 ? 0 : round(results.filter((r) => r.passed).length / results.length);
}
