import { passRate, roundShare } from "../build-report.js";
import type { Impact } from "../case.js";
import type { EvalReport } from "../report.js";
import type { TrialResult } from "../trial.js";
import { compareVersions, type VersionComparison } from "./compare-versions.js";
import { metricOrder, severityRank } from "./report-labels.js";

/** One aggregate metric (a category, or `passRate`) in both reports. */
export interface MetricChange {
  metric: string;
  before: number;
  after: number;
  delta: number;
}

/** pass^k for one k; null where a report has fewer trials than k. */
export interface PassHatKChange {
  k: number;
  before: number | null;
  after: number | null;
  delta: number | null;
}

/** A case whose rate in one category changed: the share of its trials that passed that category. */
export interface CaseChange {
  caseId: string;
  perturbation: string | null;
  impact: Impact;
  metric: string;
  before: number;
  after: number;
}

export interface ReportComparison {
  metrics: MetricChange[];
  passHatK: PassHatKChange[];
  /** Cases whose rate dropped in a category: critical first, then by the size of the drop. */
  regressions: CaseChange[];
  /** Cases whose rate rose in a category, in the same order. */
  improvements: CaseChange[];
  /** Case ids only in the second report, and only in the first. */
  added: string[];
  removed: string[];
  /** What changed between the two evals (charter, instructions, tool cards, policies, model, dataset), when both recorded it. */
  versions: VersionComparison;
}

/**
 * Compares two eval reports: aggregate metrics and pass^k, then case by case, each case's trials aggregated per
 * category (the share that passed). A drop in a case's rate for a category is a regression, a rise an improvement;
 * cases in only one report are listed as added or removed, not compared. Last, which versions changed between the
 * two evals (see `compareVersions`).
 */
export function compareReports(before: EvalReport, after: EvalReport): ReportComparison {
  const casesBefore = caseRates(before.results);
  const casesAfter = caseRates(after.results);
  const regressions: CaseChange[] = [];
  const improvements: CaseChange[] = [];
  for (const [key, old] of casesBefore) {
    const current = casesAfter.get(key);
    if (current === undefined) continue;
    for (const [metric, rateBefore] of old.rates) {
      const rateAfter = current.rates.get(metric);
      if (rateAfter === undefined || rateAfter === rateBefore) continue;
      const change = {
        caseId: current.caseId,
        perturbation: current.perturbation,
        impact: current.impact,
        metric,
      };
      (rateAfter < rateBefore ? regressions : improvements).push({
        ...change,
        before: rateBefore,
        after: rateAfter,
      });
    }
  }
  const only = (a: Map<string, CaseRates>, b: Map<string, CaseRates>) =>
    [...a.keys()].filter((key) => !b.has(key)).map((key) => a.get(key)?.caseId ?? key);
  return {
    metrics: [...metricOrder, "passRate"].map((metric) => {
      const [x, y] = [aggregate(before, metric), aggregate(after, metric)];
      return { metric, before: x, after: y, delta: roundShare(y - x) };
    }),
    passHatK: passHatKChanges(before.passHatK, after.passHatK),
    regressions: regressions.sort(byImpactThenSize),
    improvements: improvements.sort(byImpactThenSize),
    added: only(casesAfter, casesBefore),
    removed: only(casesBefore, casesAfter),
    versions: compareVersions(before, after),
  };
}

interface CaseRates {
  caseId: string;
  perturbation: string | null;
  impact: Impact;
  /** Category (every one scored, custom ones included) → share of the case's trials that passed it. */
  rates: Map<string, number>;
}

function caseRates(results: readonly TrialResult[]): Map<string, CaseRates> {
  const groups = new Map<string, TrialResult[]>();
  for (const result of results) {
    const key = `${result.caseId}\u0000${result.perturbation ?? ""}`;
    groups.set(key, [...(groups.get(key) ?? []), result]);
  }
  const cases = new Map<string, CaseRates>();
  for (const [key, trials] of groups) {
    const [first] = trials;
    if (first === undefined) continue;
    const categories = [...new Set(trials.flatMap((trial) => Object.keys(trial.scores)))];
    const rates = new Map(
      categories.map((category) => {
        const scored = trials.filter((trial) => trial.scores[category] !== undefined);
        return [
          category,
          roundShare(scored.reduce((sum, t) => sum + (t.scores[category] ?? 0), 0) / scored.length),
        ];
      }),
    );
    cases.set(key, { caseId: first.caseId, perturbation: first.perturbation, impact: first.impact, rates });
  }
  return cases;
}

function aggregate(report: EvalReport, metric: string): number {
  if (metric !== "passRate") return report.metrics[metric as keyof EvalReport["metrics"]];
  return passRate(report.results);
}

function passHatKChanges(before: Record<string, number>, after: Record<string, number>): PassHatKChange[] {
  const ks = [...new Set([...Object.keys(before), ...Object.keys(after)].map(Number))].sort((a, b) => a - b);
  return ks.map((k) => {
    const x = before[String(k)] ?? null;
    const y = after[String(k)] ?? null;
    return { k, before: x, after: y, delta: x === null || y === null ? null : roundShare(y - x) };
  });
}

function byImpactThenSize(a: CaseChange, b: CaseChange): number {
  return (
    severityRank(a.impact) - severityRank(b.impact) ||
    Math.abs(b.after - b.before) - Math.abs(a.after - a.before) ||
    a.caseId.localeCompare(b.caseId) ||
    categoryRank(a.metric) - categoryRank(b.metric)
  );
}

function categoryRank(metric: string): number {
  const index = (metricOrder as readonly string[]).indexOf(metric);
  return index < 0 ? metricOrder.length : index;
}
