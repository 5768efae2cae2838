import type { CaseKind, Impact } from "./case.js";
import type { ScoreCategory, TrialResult } from "./trial.js";

export type Metrics = Record<ScoreCategory, number>;

/** A slice of the results (one kind, one perturbation): how many, and how well. */
export interface Breakdown {
  cases: number;
  trials: number;
  /** Share of trials that passed every category. */
  passRate: number;
  metrics: Metrics;
}

/** How one perturbation went over the base cases: applied ones run, the others are counted apart. */
export interface PerturbationTally {
  /** Derivations tried: one per base case (`applied` + `notApplicable`). */
  derived: number;
  /** Derived cases that run. */
  applied: number;
  /** Base cases it did not apply to: never run, never a pass. */
  notApplicable: number;
  /** Why it did not apply, each reason with how many base cases, most frequent first. */
  reasons: { reason: string; cases: number }[];
}

/** One requested perturbation over the base cases: what applied, what did not and why, and how the applied ones did. */
export interface PerturbationSummary extends PerturbationTally {
  /** Share of the applied cases' trials that passed; null when it applied to none (not applicable is never a pass). */
  passRate: number | null;
}

export interface ThresholdCheck {
  /** A metric name, or `passRate`. */
  metric: string;
  /** The task class the threshold belongs to, when it came from one. */
  taskClass?: string;
  /** Where it came from: the suite, a task-class default, or `evaluate`'s `failUnder` option. */
  source: "suite" | "task-class" | "fail-under";
  required: number;
  /** The exact share (not rounded to four decimals like the others), so that it agrees with `passed`. */
  actual: number;
  passed: boolean;
  /** The comparison as printed, with enough decimals to tell the two apart: `97.97% < 98.00%`. Absent in reports written before it. */
  comparison?: string;
}

/**
 * The versions of what an eval's scores depend on (sha256 hex of RFC 8785 canonical JSON), so that `compareReports`
 * can say what changed between two evals. See `evalVersions` for what each part covers.
 */
export interface EvalVersions {
  /** The charter as loaded, without its instructions, policies, `version` label and file path (hashed apart or not behaviour). */
  charter: string;
  /** The charter's instructions (the prompt). */
  instructions: string;
  /** Tool name → its card's contract: every field but `execute` (schemas as JSON Schema). */
  tools: Record<string, string>;
  /** Rule name → its declaration: a declarative rule's fields; a code rule's name and description. */
  policies: Record<string, string>;
  /** The agent's label, and the hash of a model agent's settings (null for a function agent). */
  model: { agent: string; settings: string | null };
  /** The cases as loaded (base and red-team), their counts, and the perturbations asked for (sorted). */
  dataset: { hash: string; cases: number; redteamCases: number; perturbations: string[] };
}

/**
 * The report `evaluate` returns, and its JSON file. Versioned: readers check `schemaVersion`. Keys are exactly these,
 * in this order. `evaluate` writes schemaVersion 2; `readReport` also reads 1 (written before `versions`, which it lacks).
 */
export interface EvalReport {
  schemaVersion: 1 | 2;
  suite: string;
  charter: { name: string; version: string };
  /** The agent's label: `function:baseline` or `model:openai:gpt-4.1-mini`. */
  agent: string;
  /** The model spec, or null for a function agent. */
  model: string | null;
  startedAt: string;
  durationMs: number;
  trials: number;
  caseCount: number;
  /** What the scores depend on, by version. Present from schemaVersion 2; absent in reports of schemaVersion 1. */
  versions?: EvalVersions;
  metrics: Metrics;
  /** pass^k for k = 1 … trials, keyed by k as a string. */
  passHatK: Record<string, number>;
  /** By case kind; red-team cases also appear under `redteam`. */
  byKind: Partial<Record<CaseKind | "redteam", Breakdown>>;
  /** By perturbation; base cases under `none`. */
  byPerturbation: Record<string, Breakdown>;
  /** Each requested perturbation: derived, applied, not applicable (with the reasons). Absent in reports written before it. */
  perturbations?: Record<string, PerturbationSummary>;
  impact: {
    weights: Record<Impact, number>;
    /** Sum of the impact weights of failed trials, divided by the number of trials. */
    errorCostPerTrial: number;
    failedTrials: Record<Impact, number>;
    /** The worst failures, critical first, then by number of failed categories. */
    worst: { caseId: string; trial: number; impact: Impact; kind: CaseKind; failures: string[] }[];
  };
  thresholds: { passed: boolean; checks: ThresholdCheck[] };
  usage: { modelCalls: number; inputTokens: number; outputTokens: number; costUsd: number | null };
  results: TrialResult[];
}

export const reportKeys = [
  "schemaVersion",
  "suite",
  "charter",
  "agent",
  "model",
  "startedAt",
  "durationMs",
  "trials",
  "caseCount",
  "versions",
  "metrics",
  "passHatK",
  "byKind",
  "byPerturbation",
  "perturbations",
  "impact",
  "thresholds",
  "usage",
  "results",
] as const;
