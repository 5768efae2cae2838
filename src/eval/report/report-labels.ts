import { type CaseKind, type Impact, impactLevels } from "../case.js";
import type { EvalReport, ThresholdCheck } from "../report.js";
import { type ScoreCategory, scoreCategories } from "../trial.js";
import { comparisonDecimals, percent, thresholdComparison } from "./threshold-comparison.js";

const metricLabels: Record<ScoreCategory | "passRate", string> = {
  taskSuccess: "task success",
  toolCorrectness: "tool correctness",
  dataAccuracy: "data accuracy",
  policyCompliance: "policy compliance",
  recovery: "recovery",
  passRate: "pass rate",
};

/** `task success` for `taskSuccess`; custom categories are shown as they are named. */
export function metricLabel(metric: string): string {
  return metricLabels[metric as ScoreCategory] ?? metric;
}

/** `87.5%`: a share as a percentage with one decimal. */
export function formatPercent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** `+12.5 pts`, `-50.0 pts`, `±0.0 pts`: a change of a share, in percentage points. */
export function formatPointDelta(delta: number): string {
  const points = (delta * 100).toFixed(1);
  if (points === "0.0" || points === "-0.0") return "±0.0 pts";
  return `${delta > 0 ? "+" : ""}${points} pts`;
}

/** `12.3 s`, or `850 ms` under a second. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** `15,856`: an integer with thousands separators, the same on every machine. */
export function formatCount(n: number): string {
  const digits = String(Math.round(n));
  // Three characters or fewer have no separator to add (the report's tables call this once per row).
  return digits.length <= 3 ? digits : digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** `$0.0083`, or `unknown` when the provider's prices are not known. */
export function formatCost(costUsd: number | null): string {
  return costUsd === null ? "unknown" : `$${costUsd.toFixed(4)}`;
}

/** The report's kinds in reading order: the four case kinds, then `redteam`; only those present. */
export function kindRows(
  report: EvalReport,
): [CaseKind | "redteam", NonNullable<EvalReport["byKind"]["success"]>][] {
  const order = ["success", "ambiguous", "failure", "adversarial", "redteam"] as const;
  return order.flatMap((kind) => {
    const breakdown = report.byKind[kind];
    return breakdown === undefined ? [] : [[kind, breakdown] as [CaseKind | "redteam", typeof breakdown]];
  });
}

/** The perturbation rows: base cases (`none`) first, then the others by name. */
export function perturbationRows(report: EvalReport): [string, EvalReport["byPerturbation"][string]][] {
  return Object.entries(report.byPerturbation).sort(([a], [b]) =>
    a === "none" ? -1 : b === "none" ? 1 : a.localeCompare(b),
  );
}

/** Impact levels, most severe first. */
export const impactsBySeverity: readonly Impact[] = [...impactLevels].reverse();

/** Sort key: 0 for critical, 3 for low. */
export function severityRank(impact: Impact): number {
  return impactsBySeverity.indexOf(impact);
}

/** The worst failures, critical first (stable otherwise), at most `limit`. */
export function worstFailures(report: EvalReport, limit: number): EvalReport["impact"]["worst"] {
  return [...report.impact.worst]
    .sort((a, b) => severityRank(a.impact) - severityRank(b.impact))
    .slice(0, limit);
}

/** The five built-in categories, in SPEC order. */
export const metricOrder: readonly ScoreCategory[] = scoreCategories;

/** pass^k entries in order of k. */
export function passHatKRows(passHatK: Record<string, number>): [number, number][] {
  return Object.entries(passHatK)
    .map(([k, value]) => [Number(k), value] as [number, number])
    .sort(([a], [b]) => a - b);
}

/** ` (model openai:gpt-4.1-mini)` after the agent's label, when the label does not already name the model. */
export function modelNote(report: Pick<EvalReport, "agent" | "model">): string {
  return report.model !== null && !report.agent.includes(report.model) ? ` (model ${report.model})` : "";
}

/** Where a threshold came from: `suite`, `fail-under`, or `task class <name>`. */
export function thresholdSource(check: ThresholdCheck): string {
  return check.source === "task-class" ? `task class ${check.taskClass ?? "?"}` : check.source;
}

interface CaseRef {
  caseId: string;
  perturbation?: string | null;
}

/**
 * The case's label in lists: `lead-002`, with ` ~missing-field` for a derived case whose id does not already end
 * in it (the harness names derived cases `<base>~<perturbation>`).
 */
export function caseLabel({ caseId, perturbation }: CaseRef): string {
  return caseId + perturbationNote({ caseId, perturbation });
}

/** The trial's label in lists: `lead-002 trial 2`, with the perturbation as in {@link caseLabel}. */
export function trialLabel(result: CaseRef & { trial: number }): string {
  return `${result.caseId} trial ${result.trial}${perturbationNote(result)}`;
}

function perturbationNote({ caseId, perturbation }: CaseRef): string {
  return perturbation && !caseId.endsWith(`~${perturbation}`) ? ` ~${perturbation}` : "";
}

/** `task success 97.97% < 98.00%`: a threshold check with both sides printed so that they differ when unequal. */
export function thresholdLine(check: ThresholdCheck): string {
  return `${metricLabel(check.metric)} ${thresholdComparison(check.actual, check.required)}`;
}

/** The checks on `metric` that failed (so that its bar is not drawn as good). */
export function failedChecks(report: EvalReport, metric: string): ThresholdCheck[] {
  return report.thresholds.checks.filter((check) => check.metric === metric && !check.passed);
}

/**
 * A metric's share as a percentage, with as many decimals as its threshold checks need to tell it from their
 * thresholds (`97.97%` beside a 98 % threshold); one decimal when it has none.
 */
export function formatMetric(report: EvalReport, metric: string, share: number): string {
  const checks = report.thresholds.checks.filter((check) => check.metric === metric);
  // A check holds the exact share (the metrics are rounded to four decimals, which can equal the threshold).
  const exact = checks[0]?.actual ?? share;
  const decimals = Math.max(1, ...checks.map((check) => comparisonDecimals(exact, check.required)));
  return percent(exact, decimals);
}

/**
 * How many trials a report covers and how many failed: from its results when it holds them, else from its tallies
 * (a report written from the store holds none in memory: every trial is under one perturbation, every failure under
 * one impact).
 */
export function trialCounts(report: EvalReport): { trials: number; failed: number } {
  if (report.results.length > 0)
    return {
      trials: report.results.length,
      failed: report.results.filter((result) => !result.passed).length,
    };
  return {
    trials: Object.values(report.byPerturbation).reduce((sum, slice) => sum + slice.trials, 0),
    failed: Object.values(report.impact.failedTrials).reduce((sum, n) => sum + n, 0),
  };
}
