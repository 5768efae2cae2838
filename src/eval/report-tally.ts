import type { Impact } from "./case.js";
import type { Breakdown, Metrics } from "./report.js";
import { scoreCategories, type TrialResult } from "./trial.js";

/** Sums over a slice of the results (a kind, a perturbation, all): enough for its breakdown, never the results. */
export interface SliceTally {
  trials: number;
  passed: number;
  /** Sum of each category's score (the built-in ones). */
  scores: Record<string, number>;
  /** The distinct cases seen in the slice. */
  cases: Set<string>;
}

/** The first failed trial of a case (the lowest trial number), as the report's worst failures show it. */
export interface FirstFailure {
  caseId: string;
  trial: number;
  impact: Impact;
  kind: TrialResult["kind"];
  failures: string[];
}

/**
 * What a report is built from, gathered one result at a time: counters and sums by slice, per-case trial counts (for
 * pass^k) and each failing case's first failure. It grows with the number of cases, not of trials, and does not
 * depend on the order results arrive in (sums of 0/1 scores are exact).
 */
export interface ReportTally {
  all: SliceTally;
  /** By case kind, in the order kinds were first seen. */
  byKind: Map<string, SliceTally>;
  redteam: SliceTally;
  /** By perturbation (`none` for base cases), in the order first seen. */
  byPerturbation: Map<string, SliceTally>;
  /** Each requested perturbation's non-red-team trials: how many and how many passed. */
  perturbed: Map<string, { trials: number; passed: number }>;
  /** Per case: trials and successes, in the order cases were first seen. */
  byCase: Map<string, { trials: number; successes: number }>;
  failedByImpact: Record<Impact, number>;
  /** Sum of the impact weights of the failed trials. */
  errorCost: number;
  firstFailures: Map<string, FirstFailure>;
  usage: { modelCalls: number; inputTokens: number; outputTokens: number };
  /** Sum of the trials' durations, in ms. */
  durationMs: number;
}

function emptySlice(): SliceTally {
  return { trials: 0, passed: 0, scores: {}, cases: new Set() };
}

export function emptyTally(): ReportTally {
  return {
    all: emptySlice(),
    byKind: new Map(),
    redteam: emptySlice(),
    byPerturbation: new Map(),
    perturbed: new Map(),
    byCase: new Map(),
    failedByImpact: { critical: 0, high: 0, medium: 0, low: 0 },
    errorCost: 0,
    firstFailures: new Map(),
    usage: { modelCalls: 0, inputTokens: 0, outputTokens: 0 },
    durationMs: 0,
  };
}

/**
 * Gives the tally its slices and cases in the order of `cases` (the plan's), so that the report lists kinds,
 * perturbations and cases in that order, whichever trial ends first. Slices left empty are not reported.
 */
export function seedTally(
  tally: ReportTally,
  cases: readonly { id: string; kind: string; perturbation?: string | undefined }[],
): void {
  for (const c of cases) {
    sliceOf(tally.byKind, c.kind);
    sliceOf(tally.byPerturbation, c.perturbation ?? "none");
    if (!tally.byCase.has(c.id)) tally.byCase.set(c.id, { trials: 0, successes: 0 });
  }
}

function addToSlice(slice: SliceTally, result: TrialResult): void {
  slice.trials++;
  if (result.passed) slice.passed++;
  for (const category of scoreCategories)
    slice.scores[category] = (slice.scores[category] ?? 0) + (result.scores[category] ?? 0);
  slice.cases.add(result.caseId);
}

function sliceOf(map: Map<string, SliceTally>, key: string): SliceTally {
  let slice = map.get(key);
  if (slice === undefined) {
    slice = emptySlice();
    map.set(key, slice);
  }
  return slice;
}

/** Adds one (redacted) trial result to the tally. `weights`: what a failure costs by impact. */
export function addToTally(tally: ReportTally, result: TrialResult, weights: Record<Impact, number>): void {
  addToSlice(tally.all, result);
  addToSlice(sliceOf(tally.byKind, result.kind), result);
  if (result.redteam) addToSlice(tally.redteam, result);
  const perturbation = result.perturbation ?? "none";
  addToSlice(sliceOf(tally.byPerturbation, perturbation), result);
  if (result.perturbation !== null && !result.redteam) {
    const ran = tally.perturbed.get(result.perturbation) ?? { trials: 0, passed: 0 };
    ran.trials++;
    if (result.passed) ran.passed++;
    tally.perturbed.set(result.perturbation, ran);
  }
  const counts = tally.byCase.get(result.caseId) ?? { trials: 0, successes: 0 };
  counts.trials++;
  if (result.passed) counts.successes++;
  tally.byCase.set(result.caseId, counts);
  if (!result.passed) {
    tally.failedByImpact[result.impact]++;
    tally.errorCost += weights[result.impact];
    const first = tally.firstFailures.get(result.caseId);
    if (first === undefined || result.trial < first.trial)
      tally.firstFailures.set(result.caseId, {
        caseId: result.caseId,
        trial: result.trial,
        impact: result.impact,
        kind: result.kind,
        failures: result.failures.map((f) => `${f.category}: ${f.message}`),
      });
  }
  tally.usage.modelCalls += result.usage.modelCalls;
  tally.usage.inputTokens += result.usage.inputTokens;
  tally.usage.outputTokens += result.usage.outputTokens;
  tally.durationMs += result.durationMs;
}

/** A slice's metrics: each category's mean score, through `round` (0 for an empty slice). */
export function sliceMetrics(slice: SliceTally, round: (n: number) => number): Metrics {
  const metrics = {} as Metrics;
  for (const category of scoreCategories)
    metrics[category] = slice.trials === 0 ? 0 : round((slice.scores[category] ?? 0) / slice.trials);
  return metrics;
}

/** A slice's share of trials that passed every category, through `round` (0 for an empty slice). */
export function slicePassRate(
  slice: { trials: number; passed: number },
  round: (n: number) => number,
): number {
  return slice.trials === 0 ? 0 : round(slice.passed / slice.trials);
}

export function sliceBreakdown(slice: SliceTally, round: (n: number) => number): Breakdown {
  return {
    cases: slice.cases.size,
    trials: slice.trials,
    passRate: slicePassRate(slice, round),
    metrics: sliceMetrics(slice, round),
  };
}
