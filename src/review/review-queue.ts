import { createHash } from "node:crypto";
import { type Impact, impactLevels } from "../eval/case.js";
import type { RunRecord, Store } from "../store/store.js";
import { latestComparison, type ShadowComparedData } from "./shadow-comparison.js";

/**
 * Why a run is in the review queue. `shadow-disagreement`: the shadow run's latest comparison with a human decision
 * disagreed (recorded by `reins shadow --store`), or a shadow report given to the dashboard's queue
 * (`reviewQueuePage`) has the agent's decision on this run differ from the human's.
 */
export type ReviewReason = "shadow-disagreement" | "escalation" | "low-confidence" | "proposal" | "sample";

export interface ReviewQueueItem {
  run: RunRecord;
  /** Every reason that applies, in this order: shadow-disagreement, escalation, low-confidence, proposal, sample. */
  reasons: ReviewReason[];
  /** For a shadow run whose latest comparison with a human decision disagreed (`reins shadow --store`): that comparison. */
  disagreement?: ShadowComparedData;
  /** How many reviews it has already (0 unless `includeReviewed`). */
  reviews: number;
}

export interface ReviewQueueOptions {
  store: Store;
  /** The share of autonomous runs sampled for review, 0–1 (default 0.1); see `inSample`. */
  sample?: number;
  /** Keep runs that already have a review (default: left out). */
  includeReviewed?: boolean;
  /** Only the runs of one charter. */
  charter?: string;
}

/**
 * Whether a run falls in a sample of `rate`: the first 32 bits of sha256(run id), as a fraction of 2^32, below the
 * rate. The same run is always in or out of the same sample, on any machine.
 */
export function inSample(runId: string, rate: number): boolean {
  const head = createHash("sha256").update(runId).digest().readUInt32BE(0);
  return head / 2 ** 32 < rate;
}

/**
 * The runs a human should look at, each with why: shadow runs whose latest comparison with a human decision disagreed
 * (first, the most impactful first), then the rest most recent first: it ended in an escalation; its decision's
 * confidence was below the charter's threshold (the run recorded it as a draft); it made proposals (draft
 * autonomy); or it ran autonomous and falls in the sample (`inSample`). Runs still running are not reviewable yet;
 * runs already reviewed are left out unless `includeReviewed`.
 */
export async function reviewQueue(options: ReviewQueueOptions): Promise<ReviewQueueItem[]> {
  const { store } = options;
  const rate = options.sample ?? 0.1;
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(`sample must be between 0 and 1, got ${rate}`);
  const runs = await store.runs.list(options.charter === undefined ? {} : { charter: options.charter });
  const proposals = new Set(
    (
      await Promise.all(
        (["pending", "approved", "rejected"] as const).map((status) => store.approvals.list({ status })),
      )
    )
      .flat()
      .filter((approval) => (approval.reasons as { kind?: string } | null)?.kind === "proposal")
      .map((approval) => approval.runId),
  );
  const reviewCounts = new Map<string, number>();
  for (const review of await store.reviews.list()) {
    reviewCounts.set(review.runId, (reviewCounts.get(review.runId) ?? 0) + 1);
  }
  const queue: ReviewQueueItem[] = [];
  for (const run of runs) {
    if (run.status === "running") continue;
    const reviews = reviewCounts.get(run.id) ?? 0;
    if (reviews > 0 && options.includeReviewed !== true) continue;
    // Only shadow runs can carry a comparison: other runs' events are not read.
    const comparison =
      run.autonomy === "shadow" ? latestComparison(await store.audit.list(run.id)) : undefined;
    const disagreement = comparison?.agree === false ? comparison : undefined;
    const reasons: ReviewReason[] = [
      ...(disagreement ? (["shadow-disagreement"] as const) : []),
      ...queueReasons(run, proposals.has(run.id), rate),
    ];
    if (reasons.length > 0) queue.push({ run, reasons, reviews, ...(disagreement ? { disagreement } : {}) });
  }
  // Shadow disagreements first, the most impactful first; the rest as they were, most recent first.
  const rank = (item: ReviewQueueItem) =>
    item.disagreement === undefined
      ? -1
      : Math.max(0, impactLevels.indexOf(item.disagreement.impact as Impact));
  return queue
    .map((item, index) => ({ item, index }))
    .sort((a, b) => rank(b.item) - rank(a.item) || a.index - b.index)
    .map(({ item }) => item);
}

/**
 * Why a finished run needs a human, `[]` when it does not: it ended in an escalation, its decision was a
 * low-confidence draft, it made proposals (`hasProposal`), or it ran autonomous and falls in the sample of `rate`.
 */
export function queueReasons(run: RunRecord, hasProposal: boolean, rate: number): ReviewReason[] {
  const outcome = run.outcome as { type?: string; draft?: boolean } | null;
  const reasons: ReviewReason[] = [];
  if (outcome?.type === "escalation") reasons.push("escalation");
  if (outcome?.type === "decision" && outcome.draft === true) reasons.push("low-confidence");
  if (hasProposal) reasons.push("proposal");
  if (run.autonomy === "autonomous" && inSample(run.id, rate)) reasons.push("sample");
  return reasons;
}
