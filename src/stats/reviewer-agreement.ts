import { checkArray, checkName, describe, usage } from "./check-input.js";
import { kappaFromCounts } from "./cohen-kappa.js";

/** One reviewer's label for one run. */
export interface ReviewLabel {
  runId: string;
  reviewer: string;
  /** What the reviewer said: an outcome (`approved`, `edited`…) or a corrected decision, compared exactly. */
  label: string;
}

/** How well two reviewers agree on the runs both reviewed. */
export interface ReviewerPairAgreement {
  /** The two reviewers, in code-unit order. */
  reviewers: [string, string];
  /** Runs both reviewed (at least 1). */
  n: number;
  /** The share of those runs they labelled alike. */
  agreement: number;
  /** The agreement chance alone would give them (Cohen's p_e). */
  expectedAgreement: number;
  /** Cohen's κ (1 when both gave one and the same label to every shared run). */
  kappa: number;
}

/**
 * Cohen's κ for every pair of reviewers who share at least one run, sorted by the pair's names. A reviewer who
 * labelled a run more than once counts with the last of those labels in `reviews` (pass them oldest first: reviews
 * are versioned, and the latest is the reviewer's word). Pairs without a shared run are left out.
 */
export function reviewerAgreement(reviews: readonly ReviewLabel[]): ReviewerPairAgreement[] {
  checkArray(reviews, "reviews");
  const byReviewer = new Map<string, Map<string, string>>();
  reviews.forEach((review, index) => {
    if (typeof review !== "object" || review === null)
      throw usage(`reviews[${index}]`, `an object is needed, got ${describe(review)}`);
    const runId = checkName(review.runId, `reviews[${index}].runId`);
    const reviewer = checkName(review.reviewer, `reviews[${index}].reviewer`);
    const label = checkName(review.label, `reviews[${index}].label`);
    const labels = byReviewer.get(reviewer) ?? new Map<string, string>();
    labels.set(runId, label);
    byReviewer.set(reviewer, labels);
  });
  const names = [...byReviewer.keys()].sort();
  const pairs: ReviewerPairAgreement[] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const a = byReviewer.get(names[i]!)!;
      const b = byReviewer.get(names[j]!)!;
      const first = new Map<string, number>();
      const second = new Map<string, number>();
      let n = 0;
      let agreed = 0;
      for (const [runId, label] of a) {
        const other = b.get(runId);
        if (other === undefined) continue;
        n++;
        if (label === other) agreed++;
        first.set(label, (first.get(label) ?? 0) + 1);
        second.set(other, (second.get(other) ?? 0) + 1);
      }
      if (n === 0) continue;
      const kappa = kappaFromCounts(n, agreed, first, second);
      pairs.push({
        reviewers: [names[i]!, names[j]!],
        n,
        agreement: kappa.observedAgreement!,
        expectedAgreement: kappa.expectedAgreement!,
        kappa: kappa.kappa!,
      });
    }
  }
  return pairs;
}
