import type { Impact } from "../eval/case.js";
import type { RunOutcome } from "../runtime/outcome.js";
import {
  agreementByBucket,
  type ConfidenceBucket,
  recommendThreshold,
  type ThresholdRecommendation,
} from "../stats/agreement-by-confidence.js";
import { cohenKappa } from "../stats/cohen-kappa.js";
import { type ClassScore, confusionMatrix } from "../stats/confusion-matrix.js";
import { ruleOfThree } from "../stats/rule-of-three.js";
import { wilsonInterval } from "../stats/wilson-interval.js";
import type { HumanDecision } from "./human-decisions.js";

/** The weight of a disagreement by the human decision's impact: each level counts twice the one below. */
export const impactWeights: Readonly<Record<Impact, number>> = { low: 1, medium: 2, high: 4, critical: 8 };

/** The Wilson bounds' and the rule of three's confidence, and the agreement a recommended threshold must reach. */
export const shadowConfidence = 0.95;
export const thresholdTarget = 0.95;

/** One human decision beside the agent's shadow run on the same input. */
export interface ShadowPair {
  human: HumanDecision;
  runId: string;
  /** The run's status and outcome (null while suspended). */
  status: string;
  outcome: RunOutcome | null;
}

/** One decision compared. */
export interface ShadowItem {
  id: string;
  runId: string;
  impact: Impact;
  humanClass: string;
  agentClass: string;
  agree: boolean;
  /** The agent's confidence, when it decided. */
  confidence: number | null;
  decidedBy: string | null;
}

/** The JSON report of `reins shadow` (`schemaVersion` 1). */
export interface ShadowReport {
  schemaVersion: 1;
  charter: { name: string; version: string };
  /** The human-decisions file. */
  source: string;
  n: number;
  agreed: number;
  /** agreed / n; null when n = 0. */
  agreement: number | null;
  /** Cohen's κ of human class vs agent class; null when n = 0. */
  kappa: number | null;
  /** The 95 % Wilson interval of the agreement. */
  agreementWilsonLower: number;
  agreementWilsonUpper: number;
  /** `confusion[human class][agent class]` = count, every pair of `classes` (zeros included). */
  classes: string[];
  confusion: Record<string, Record<string, number>>;
  /** Precision and recall of the agent per class, the human's class taken as the truth (null where undefined). */
  perClass: Record<
    string,
    { support: number; predicted: number; precision: number | null; recall: number | null }
  >;
  /** Σ weight of the disagreements / Σ weight of all decisions, by `impactWeights` of the human decision's impact. */
  impactWeightedDisagreement: {
    weights: Record<Impact, number>;
    disagreedWeight: number;
    totalWeight: number;
    rate: number | null;
  };
  /** Disagreements on decisions of impact `critical`; with none, the rule-of-three bound on their rate. */
  criticalMisses: {
    /** Critical decisions compared. */
    critical: number;
    count: number;
    ids: string[];
    /** With no miss in `critical` > 0 decisions: the 95 % upper bound on the miss rate (1 − 0.05^(1/n), ≈ 3/n). */
    rateUpperBound: number | null;
  };
  /** The disagreements, to look at first: by impact (critical first), then by the agent's confidence (highest first). */
  disagreements: ShadowItem[];
  /** Agreement of the agent's decisions (outcomes with a confidence) by confidence bucket. */
  byConfidence: {
    buckets: (Omit<ConfidenceBucket, "wilson" | "agreement"> & {
      agreement: number | null;
      wilsonLower: number;
    })[];
    /** The lowest threshold at which the decisions at or above it agree with a Wilson lower bound ≥ `target`. */
    recommendedThreshold: (ThresholdRecommendation & { target: number }) | null;
    /** The charter's current `decision.confidenceThreshold`. */
    charterThreshold: number;
  };
  /** Every decision, in the file's order. */
  items: ShadowItem[];
}

/** The human's class: the decision option, or `escalation:<reason>`. */
export function humanClass(human: HumanDecision): string {
  return human.decision ?? `escalation:${human.escalation}`;
}

/**
 * The agent's class: the decision option, `escalation:<reason>`, the outcome's type for anything else
 * (`needs-input`, `refusal`, `error`), or the run's status when it has no outcome (`suspended`).
 */
export function agentClass(outcome: RunOutcome | null, status: string): string {
  if (outcome === null) return status;
  if (outcome.type === "decision") return outcome.decision.decision;
  if (outcome.type === "escalation") return `escalation:${outcome.reason}`;
  return outcome.type;
}

const impactRank: Record<Impact, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** The shadow comparison of human decisions and the agent's shadow runs: a value, nothing written. */
export function buildShadowReport(options: {
  charter: { name: string; version: string; decision: { confidenceThreshold: number } };
  source: string;
  pairs: readonly ShadowPair[];
}): ShadowReport {
  const items: ShadowItem[] = options.pairs.map(({ human, runId, status, outcome }) => {
    const humanSide = humanClass(human);
    const agentSide = agentClass(outcome, status);
    return {
      id: human.id,
      runId,
      impact: human.impact,
      humanClass: humanSide,
      agentClass: agentSide,
      agree: humanSide === agentSide,
      confidence: outcome?.type === "decision" ? outcome.decision.confidence : null,
      decidedBy: human.decidedBy ?? null,
    };
  });
  const classPairs = items.map((item): [string, string] => [item.humanClass, item.agentClass]);
  const kappa = cohenKappa(classPairs);
  const matrix = confusionMatrix(classPairs);
  const agreed = items.filter((item) => item.agree).length;
  const wilson = wilsonInterval(agreed, items.length, shadowConfidence);
  const totalWeight = items.reduce((sum, item) => sum + impactWeights[item.impact], 0);
  const disagreedWeight = items
    .filter((item) => !item.agree)
    .reduce((sum, item) => sum + impactWeights[item.impact], 0);
  const critical = items.filter((item) => item.impact === "critical");
  const misses = critical.filter((item) => !item.agree);
  const confident = items
    .filter((item) => item.confidence !== null)
    .map((item) => ({ confidence: item.confidence as number, agree: item.agree }));
  const recommended = recommendThreshold(confident, thresholdTarget, shadowConfidence);
  return {
    schemaVersion: 1,
    charter: { name: options.charter.name, version: options.charter.version },
    source: options.source,
    n: items.length,
    agreed,
    agreement: items.length === 0 ? null : agreed / items.length,
    kappa: kappa.kappa ?? null,
    agreementWilsonLower: wilson.lower,
    agreementWilsonUpper: wilson.upper,
    classes: matrix.classes,
    confusion: matrix.counts,
    perClass: Object.fromEntries(
      Object.entries(matrix.perClass).map(([name, score]: [string, ClassScore]) => [
        name,
        {
          support: score.support,
          predicted: score.predicted,
          precision: score.precision ?? null,
          recall: score.recall ?? null,
        },
      ]),
    ),
    impactWeightedDisagreement: {
      weights: { ...impactWeights },
      disagreedWeight,
      totalWeight,
      rate: totalWeight === 0 ? null : disagreedWeight / totalWeight,
    },
    criticalMisses: {
      critical: critical.length,
      count: misses.length,
      ids: misses.map((item) => item.id),
      rateUpperBound:
        misses.length === 0 && critical.length > 0
          ? ruleOfThree(critical.length, shadowConfidence).exact
          : null,
    },
    disagreements: items
      .filter((item) => !item.agree)
      .map((item, index) => ({ item, index }))
      .sort(
        (a, b) =>
          impactRank[a.item.impact] - impactRank[b.item.impact] ||
          (b.item.confidence ?? -1) - (a.item.confidence ?? -1) ||
          a.index - b.index,
      )
      .map(({ item }) => item),
    byConfidence: {
      buckets: agreementByBucket(confident, undefined, shadowConfidence).map(
        ({ wilson: w, agreement, ...bucket }) => ({
          ...bucket,
          agreement: agreement ?? null,
          wilsonLower: w.lower,
        }),
      ),
      recommendedThreshold: recommended === undefined ? null : { ...recommended, target: thresholdTarget },
      charterThreshold: options.charter.decision.confidenceThreshold,
    },
    items,
  };
}
