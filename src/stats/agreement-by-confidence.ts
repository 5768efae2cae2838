import { checkArray, checkConfidence, checkUnit, describe, usage } from "./check-input.js";
import { zForConfidence } from "./normal-quantile.js";
import { type WilsonInterval, wilsonBounds } from "./wilson-interval.js";

/** One decision the agent made with a confidence, and whether it agreed with the human (or the label). */
export interface ConfidenceItem {
  /** The agent's confidence, from 0 to 1. */
  confidence: number;
  /** Whether the agent's class was the human's. */
  agree: boolean;
}

/** Agreement among the items whose confidence falls in [lower, upper) (the last bucket includes 1). */
export interface ConfidenceBucket {
  lower: number;
  upper: number;
  /** Items in the bucket. */
  n: number;
  /** Of them, the ones that agreed. */
  agreed: number;
  /** agreed / n; `undefined` for an empty bucket. */
  agreement: number | undefined;
  /** The Wilson interval of the agreement; [0, 1] for an empty bucket. */
  wilson: WilsonInterval;
}

/** The default bucket edges: [0, 0.5), [0.5, 0.6), …, [0.9, 1]. */
export const defaultConfidenceEdges: readonly number[] = [0.5, 0.6, 0.7, 0.8, 0.9, 1];

/**
 * Agreement per confidence bucket. `edges` are the buckets' upper ends, strictly increasing and ending at 1; the first
 * bucket starts at 0. Each bucket holds the confidences c with lower ≤ c < upper, the last one also c = 1, so that a
 * threshold at an edge takes whole buckets. `confidence` is the Wilson intervals' level.
 */
export function agreementByBucket(
  items: readonly ConfidenceItem[],
  edges: readonly number[] = defaultConfidenceEdges,
  confidence = 0.95,
): ConfidenceBucket[] {
  checkItems(items);
  checkArray(edges, "edges");
  if (edges.length === 0 || edges[edges.length - 1] !== 1)
    throw usage(
      "edges",
      "the buckets' upper ends are needed, ending at 1 (e.g. [0.5, 0.6, 0.7, 0.8, 0.9, 1])",
    );
  edges.forEach((edge, index) => {
    checkUnit(edge, `edges[${index}]`);
    const previous = index === 0 ? 0 : edges[index - 1]!;
    if (!(edge > previous))
      throw usage(
        `edges[${index}]`,
        `each edge must be above the one before it (and above 0), got ${edge} after ${previous}`,
      );
  });
  const z = zForConfidence(checkConfidence(confidence));
  const n = edges.map(() => 0);
  const agreed = edges.map(() => 0);
  for (const item of items) {
    const index =
      item.confidence === 1 ? edges.length - 1 : edges.findIndex((edge) => item.confidence < edge);
    n[index]!++;
    if (item.agree) agreed[index]!++;
  }
  return edges.map((upper, index) => {
    const count = n[index]!;
    const hits = agreed[index]!;
    return {
      lower: index === 0 ? 0 : edges[index - 1]!,
      upper,
      n: count,
      agreed: hits,
      agreement: count === 0 ? undefined : hits / count,
      wilson: wilsonBounds(hits, count, z),
    };
  });
}

/** A confidence threshold for a charter, with the evidence for it. */
export interface ThresholdRecommendation {
  /** Act on decisions with confidence ≥ this; it is one of the items' confidences. */
  threshold: number;
  /** Items at or above the threshold. */
  n: number;
  /** Of them, the ones that agreed. */
  agreed: number;
  /** agreed / n. */
  agreement: number;
  /** The Wilson lower bound of that agreement, ≥ the target. */
  wilsonLower: number;
  /** n / all items: the share of decisions the threshold lets through. */
  coverage: number;
}

/**
 * The lowest confidence threshold at which the items at or above it agree with a Wilson lower bound ≥ `target`, or
 * `undefined` when no threshold does. Only the items' own confidences are candidates: between two of them the set of
 * items at or above a threshold does not change, so the lowest such confidence is the lowest threshold that works
 * (any threshold just above the next lower confidence takes the same items). Agreement need not rise with the
 * threshold, so this is the lowest passing one, not the point above which every threshold passes.
 */
export function recommendThreshold(
  items: readonly ConfidenceItem[],
  target: number,
  confidence = 0.95,
): ThresholdRecommendation | undefined {
  checkItems(items);
  checkUnit(target, "target");
  const z = zForConfidence(checkConfidence(confidence));
  const sorted = [...items].sort((x, y) => y.confidence - x.confidence);
  let best: ThresholdRecommendation | undefined;
  let agreed = 0;
  for (let index = 0; index < sorted.length; index++) {
    const item = sorted[index]!;
    if (item.agree) agreed++;
    // Only at the last item of a run of equal confidences is the set "at or above" this confidence complete.
    if (sorted[index + 1]?.confidence === item.confidence) continue;
    const n = index + 1;
    const lower = wilsonBounds(agreed, n, z).lower;
    if (lower >= target)
      best = {
        threshold: item.confidence,
        n,
        agreed,
        agreement: agreed / n,
        wilsonLower: lower,
        coverage: n / items.length,
      };
  }
  return best;
}

function checkItems(items: readonly ConfidenceItem[]): void {
  checkArray(items, "items");
  items.forEach((item, index) => {
    if (typeof item !== "object" || item === null)
      throw usage(`items[${index}]`, `an object is needed, got ${describe(item)}`);
    checkUnit(item.confidence, `items[${index}].confidence`);
    if (typeof item.agree !== "boolean")
      throw usage(`items[${index}].agree`, `true or false is needed, got ${describe(item.agree)}`);
  });
}
