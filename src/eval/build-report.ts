import type { Impact } from "./case.js";
import { estimateCostUsd } from "./cost.js";
import { passHatK } from "./pass-hat-k.js";
import { thresholdComparison } from "./report/threshold-comparison.js";
import type {
  EvalReport,
  EvalVersions,
  Metrics,
  PerturbationSummary,
  PerturbationTally,
  ThresholdCheck,
} from "./report.js";
import {
  addToTally,
  emptyTally,
  type ReportTally,
  type SliceTally,
  sliceBreakdown,
  sliceMetrics,
  slicePassRate,
} from "./report-tally.js";
import { type Suite, taskClassThresholds } from "./suite.js";
import type { TrialResult } from "./trial.js";

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
  const { results, ...rest } = options;
  const tally = emptyTally();
  for (const result of results) addToTally(tally, result, impactWeights);
  return { ...reportFromTally(rest, tally), results };
}

/**
 * Assembles the versioned report from a tally of the scored trials (see `addToTally`), without the results
 * themselves (`results` is empty): what an evaluation of any size keeps in memory.
 */
export function reportFromTally(
  options: Omit<BuildReportOptions, "results">,
  tally: ReportTally,
): EvalReport {
  const { trials } = options;
  const counts = [...tally.byCase.values()].filter((c) => c.trials > 0);
  const passHat: Record<string, number> = {};
  for (let k = 1; k <= trials && counts.length > 0; k++) passHat[String(k)] = roundShare(passHatK(counts, k));

  const byKind: EvalReport["byKind"] = {};
  for (const [kind, slice] of tally.byKind)
    byKind[kind as TrialResult["kind"]] = sliceBreakdown(slice, roundShare);
  if (tally.redteam.trials > 0) byKind.redteam = sliceBreakdown(tally.redteam, roundShare);
  const byPerturbation: EvalReport["byPerturbation"] = {};
  for (const [name, slice] of tally.byPerturbation)
    if (slice.trials > 0) byPerturbation[name] = sliceBreakdown(slice, roundShare);

  const perturbations: Record<string, PerturbationSummary> = {};
  for (const [name, perturbationTally] of Object.entries(options.perturbations ?? {})) {
    const ran = tally.perturbed.get(name) ?? { trials: 0, passed: 0 };
    perturbations[name] = {
      ...perturbationTally,
      passRate: perturbationTally.applied === 0 || ran.trials === 0 ? null : slicePassRate(ran, roundShare),
    };
  }

  const failedTrials = Object.fromEntries(impactOrder.map((i) => [i, tally.failedByImpact[i]])) as Record<
    Impact,
    number
  >;
  // One entry per case (its first failed trial), so that a case failing every trial does not fill the list.
  const worst = [...tally.firstFailures.values()]
    .sort(
      (a, b) =>
        impactWeights[b.impact] - impactWeights[a.impact] ||
        b.failures.length - a.failures.length ||
        a.caseId.localeCompare(b.caseId),
    )
    .slice(0, 25)
    .map((f) => ({ caseId: f.caseId, trial: f.trial, impact: f.impact, kind: f.kind, failures: f.failures }));

  const checks = thresholdChecks(options, sliceMetrics(tally.all, exact), tally.all);
  const total = tally.all.trials;
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
    metrics: sliceMetrics(tally.all, roundShare),
    passHatK: passHat,
    byKind,
    byPerturbation,
    perturbations,
    impact: {
      weights: impactWeights,
      errorCostPerTrial: total === 0 ? 0 : roundShare(tally.errorCost / total),
      failedTrials,
      worst,
    },
    thresholds: { passed: checks.every((c) => c.passed), checks },
    usage: {
      ...tally.usage,
      costUsd: options.model === null ? null : estimateCostUsd(options.model, tally.usage),
    },
    results: [],
  };
}

/** Shares are rounded for display; thresholds are checked on the exact share, so rounding never turns a fail into a pass. */
const exact = (n: number) => n;

function thresholdChecks(
  options: Omit<BuildReportOptions, "results">,
  metrics: Metrics,
  all: SliceTally,
): ThresholdCheck[] {
  const actualOf = (metric: string): number | undefined =>
    metric === "passRate" ? slicePassRate(all, exact) : (metrics as Record<string, number>)[metric];
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

/** Four decimals, the precision of every share in the report (so that 0.7 − 0.6 is 0.1 when shares are compared). */
export function roundShare(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

/** The share of trials that passed every category; 0 when there are none. */
export function passRate(results: readonly TrialResult[], round: (n: number) => number = roundShare): number {
  return results.length === 0 ? 0 : round(results.filter((r) => r.passed).length / results.length);
}
