import type { ReviewRecord } from "../store/store.js";

/** How a run's ground truth is read from its reviews. */
export type GroundTruthRule = "latest" | "agreement";

/** A run's ground truth, as its reviews state it. */
export interface GroundTruth {
  runId: string;
  /** The review that stands: the latest one. */
  review: ReviewRecord;
  rule: GroundTruthRule;
  /** Each reviewer's latest verdict (`outcome`, or `outcome:decision` when it corrects the decision), by reviewer. */
  verdicts: Record<string, string>;
  /** Whether every reviewer's latest verdict is the same (true with one reviewer). */
  agreement: boolean;
}

/** A review's verdict as compared between reviewers: its outcome, and the decision it corrects to, if any. */
export function verdictOf(review: ReviewRecord): string {
  const decision = review.correction?.decision;
  return decision === undefined ? review.outcome : `${review.outcome}:${decision}`;
}

function later(a: ReviewRecord, b: ReviewRecord): boolean {
  return a.createdAt === b.createdAt ? a.id > b.id : a.createdAt > b.createdAt;
}

/**
 * The ground truth of one run from its reviews (any order). The rule: the latest review stands (by `createdAt`,
 * ties by id), a reviewer's later review replacing their earlier one. `agreement` says whether every reviewer's
 * latest verdict is the same. With `rule: "agreement"`, a run whose reviewers disagree has no ground truth
 * (undefined), so that nothing disputed is taken as fact. Undefined for no reviews; reviews of several runs are
 * refused.
 */
export function groundTruth(
  reviews: readonly ReviewRecord[],
  rule: GroundTruthRule = "latest",
): GroundTruth | undefined {
  const first = reviews[0];
  if (first === undefined) return undefined;
  if (reviews.some((review) => review.runId !== first.runId))
    throw new Error("groundTruth takes the reviews of one run");
  let latest = first;
  const byReviewer = new Map<string, ReviewRecord>();
  for (const review of reviews) {
    if (later(review, latest)) latest = review;
    const mine = byReviewer.get(review.reviewer);
    if (mine === undefined || later(review, mine)) byReviewer.set(review.reviewer, review);
  }
  const verdicts = Object.fromEntries(
    [...byReviewer]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([who, review]) => [who, verdictOf(review)]),
  );
  const agreement = new Set(Object.values(verdicts)).size === 1;
  if (rule === "agreement" && !agreement) return undefined;
  return { runId: first.runId, review: latest, rule, verdicts, agreement };
}
