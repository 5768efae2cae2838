import { kindRows, perturbationRows } from "../../eval/report/report-labels.js";
import type { EvalReport } from "../../eval/report.js";
import { scoreCategories } from "../../eval/trial.js";

/** One evaluation of a suite as a point of its charts over time. */
export interface EvalPoint {
  id: string;
  startedAt: string;
  agent: string;
  charterVersion: string;
  /** The thresholds were met. */
  passed: boolean;
  /** The five categories (and any custom one the report has). */
  metrics: Record<string, number>;
  /** pass^k by k (as text: `"1"`, `"2"`, …). */
  passHatK: Record<string, number>;
  /** Pass rate by case kind, and by perturbation (`none` for the base cases). */
  byKind: Record<string, number>;
  byPerturbation: Record<string, number>;
}

/** A suite's evaluations over time, oldest first, with every series name that appears in any of them. */
export interface EvalSeries {
  suite: string;
  points: EvalPoint[];
  /** Series names in reading order: metrics (the five first), pass^k's k, kinds, perturbations (`none` first). */
  metrics: string[];
  ks: string[];
  kinds: string[];
  perturbations: string[];
  /** Evaluations of the page that could not be read as reports, and why; they are not charted. */
  unreadable: { id: string; problems: string[] }[];
}

const kindOrder = ["success", "ambiguous", "failure", "adversarial", "redteam"];

/** The names of `lists`, each once, in the order first seen, then sorted by `order` where it ranks them. */
function union(lists: readonly string[][], rank: (name: string) => number): string[] {
  const seen = [...new Set(lists.flat())];
  return seen
    .map((name, index) => ({ name, index }))
    .sort((a, b) => rank(a.name) - rank(b.name) || a.index - b.index)
    .map(({ name }) => name);
}

/**
 * A suite's evaluations as series over time: each report one point (oldest first, by start then id), with its scores,
 * pass^k, and pass rate by kind and by perturbation. A value a report lacks (a kind it had no case of, a k beyond its
 * trials) is absent from its point, never zero.
 */
export function evalSeries(
  suite: string,
  reports: readonly { id: string; report: EvalReport }[],
  unreadable: EvalSeries["unreadable"] = [],
): EvalSeries {
  const sorted = [...reports].sort(
    (a, b) =>
      (a.report.startedAt < b.report.startedAt ? -1 : a.report.startedAt > b.report.startedAt ? 1 : 0) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const points: EvalPoint[] = sorted.map(({ id, report }) => ({
    id,
    startedAt: report.startedAt,
    agent: report.agent,
    charterVersion: report.charter.version,
    passed: report.thresholds.passed,
    metrics: { ...report.metrics },
    passHatK: { ...report.passHatK },
    byKind: Object.fromEntries(kindRows(report).map(([kind, breakdown]) => [kind, breakdown.passRate])),
    byPerturbation: Object.fromEntries(
      perturbationRows(report).map(([name, breakdown]) => [name, breakdown.passRate]),
    ),
  }));
  const metricRank = (name: string) => {
    const i = (scoreCategories as readonly string[]).indexOf(name);
    return i === -1 ? scoreCategories.length : i;
  };
  return {
    suite,
    points,
    metrics: union(
      points.map((p) => Object.keys(p.metrics)),
      metricRank,
    ),
    ks: union(
      points.map((p) => Object.keys(p.passHatK)),
      Number,
    ),
    kinds: union(
      points.map((p) => Object.keys(p.byKind)),
      (name) => kindOrder.indexOf(name),
    ),
    perturbations: union(
      points.map((p) => Object.keys(p.byPerturbation)),
      (name) => (name === "none" ? 0 : 1),
    ),
    unreadable,
  };
}
