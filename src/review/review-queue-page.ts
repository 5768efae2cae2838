import type { Impact } from "../eval/case.js";
import type { RunRecord, Store } from "../store/store.js";
import { queueReasons, type ReviewQueueItem } from "./review-queue.js";

/** A run on which a shadow report has the agent disagree with the human: reviewed before anything else. */
export interface ShadowDisagreement {
  runId: string;
  /** The human decision's id in the shadow report. */
  id: string;
  impact: Impact;
  humanClass: string;
  agentClass: string;
  /** The shadow report it comes from. */
  source: string;
}

/**
 * Where a page of the queue starts: in the shadow disagreements (at `index`), or in the store's runs after the run
 * `before` (newest first). Opaque to readers; the dashboard carries it in its `cursor` parameter.
 */
export type ReviewQueueCursor =
  | { phase: "shadow"; index: number }
  | { phase: "runs"; before?: { createdAt: string; id: string } };

export interface ReviewQueuePageOptions {
  store: Store;
  /** At most this many items. */
  limit: number;
  /** Where to start; the first page by default. */
  cursor?: ReviewQueueCursor;
  /** The share of autonomous runs sampled, 0–1 (default 0.1), as `reviewQueue`. */
  sample?: number;
  /** Only the runs of one charter. */
  charter?: string;
  /** Keep runs already reviewed (default: left out). */
  includeReviewed?: boolean;
  /** Disagreements from shadow reports, in the order to review them (see `shadowDisagreements`). */
  shadow?: readonly ShadowDisagreement[];
  /** At most this many runs of the store are looked at for one page (default 1,000): a page may come back short, with a cursor to go on. */
  scan?: number;
}

export interface ReviewQueuePage {
  items: (ReviewQueueItem & { shadow?: ShadowDisagreement })[];
  /** Where the next page starts; null when the queue has no more. */
  next: ReviewQueueCursor | null;
  /** Runs of the store looked at for this page. */
  scanned: number;
}

/** Runs of the store read per query while filling a page. */
const batchSize = 100;

const impactRank: Record<Impact, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/**
 * The disagreements of shadow reports, as the queue takes them: critical first, then high, medium, low, each report's
 * own order kept within an impact (a report lists its disagreements most confident first); a run named twice counts
 * once, at its first place.
 */
export function shadowDisagreements(
  reports: readonly {
    source: string;
    items: readonly {
      id: string;
      runId: string;
      impact: Impact;
      humanClass: string;
      agentClass: string;
      agree: boolean;
    }[];
  }[],
): ShadowDisagreement[] {
  const all = reports.flatMap((report) =>
    report.items
      .filter((item) => !item.agree)
      .map((item) => ({
        runId: item.runId,
        id: item.id,
        impact: item.impact,
        humanClass: item.humanClass,
        agentClass: item.agentClass,
        source: report.source,
      })),
  );
  const seen = new Set<string>();
  return all
    .map((item, index) => ({ item, index }))
    .sort((a, b) => impactRank[a.item.impact] - impactRank[b.item.impact] || a.index - b.index)
    .map(({ item }) => item)
    .filter((item) => {
      if (seen.has(item.runId)) return false;
      seen.add(item.runId);
      return true;
    });
}

/**
 * One page of the review queue, without reading any table whole: first the runs of shadow disagreements (in the
 * order given), then the store's runs newest first with `reviewQueue`'s reasons, read in batches with their reviews
 * and proposals. A run is listed once. Runs still running, runs of another charter, and (unless `includeReviewed`)
 * runs already reviewed are left out.
 */
export async function reviewQueuePage(options: ReviewQueuePageOptions): Promise<ReviewQueuePage> {
  const { store, limit } = options;
  const rate = options.sample ?? 0.1;
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(`sample must be between 0 and 1, got ${rate}`);
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`limit must be a positive integer, got ${limit}`);
  const scanLimit = options.scan ?? 1000;
  const shadow = options.shadow ?? [];
  const shadowRuns = new Set(shadow.map((item) => item.runId));
  const items: ReviewQueuePage["items"] = [];
  let cursor: ReviewQueueCursor = options.cursor ?? { phase: "shadow", index: 0 };
  let scanned = 0;

  const reviewCounts = async (runIds: string[]) => {
    const counts = new Map<string, number>();
    for (const review of await store.reviews.list({ runIds }))
      counts.set(review.runId, (counts.get(review.runId) ?? 0) + 1);
    return counts;
  };
  const proposalsOf = async (runIds: string[]) => {
    const all = await Promise.all(
      (["pending", "approved", "rejected"] as const).map((status) =>
        store.approvals.list({ status, runIds }),
      ),
    );
    return new Set(
      all
        .flat()
        .filter((approval) => (approval.reasons as { kind?: string } | null)?.kind === "proposal")
        .map((approval) => approval.runId),
    );
  };
  const wanted = (run: RunRecord | undefined, reviews: number): run is RunRecord =>
    run !== undefined &&
    run.status !== "running" &&
    (options.charter === undefined || run.charter === options.charter) &&
    (reviews === 0 || options.includeReviewed === true);

  if (cursor.phase === "shadow") {
    let index = cursor.index;
    while (index < shadow.length && items.length < limit) {
      const batch = shadow.slice(index, index + Math.min(batchSize, limit - items.length));
      const runs = await Promise.all(batch.map((item) => store.runs.get(item.runId)));
      const ids = batch.map((item) => item.runId);
      const [counts, proposals] = await Promise.all([reviewCounts(ids), proposalsOf(ids)]);
      batch.forEach((item, i) => {
        const run = runs[i];
        const reviews = counts.get(item.runId) ?? 0;
        if (!wanted(run, reviews)) return;
        const reasons = queueReasons(run, proposals.has(run.id), rate);
        items.push({ run, reasons: ["shadow-disagreement", ...reasons], reviews, shadow: item });
      });
      index += batch.length;
    }
    if (index < shadow.length) return { items, next: { phase: "shadow", index }, scanned };
    cursor = { phase: "runs" };
  }

  let before = cursor.before;
  while (items.length < limit && scanned < scanLimit) {
    const size = Math.min(batchSize, scanLimit - scanned);
    const runs = await store.runs.list({
      limit: size,
      ...(options.charter === undefined ? {} : { charter: options.charter }),
      ...(before === undefined ? {} : { before }),
    });
    const ids = runs.map((run) => run.id);
    const [counts, proposals] =
      ids.length === 0
        ? [new Map<string, number>(), new Set<string>()]
        : await Promise.all([reviewCounts(ids), proposalsOf(ids)]);
    for (const run of runs) {
      scanned++;
      before = { createdAt: run.createdAt, id: run.id };
      const reviews = counts.get(run.id) ?? 0;
      if (shadowRuns.has(run.id) || !wanted(run, reviews)) continue;
      const reasons = queueReasons(run, proposals.has(run.id), rate);
      if (reasons.length > 0) items.push({ run, reasons, reviews });
      if (items.length === limit) return { items, next: { phase: "runs", before }, scanned };
    }
    if (runs.length < size) return { items, next: null, scanned };
  }
  // The page is full, or the scan's bound reached: the next page goes on from the last run looked at.
  return { items, next: before === undefined ? { phase: "runs" } : { phase: "runs", before }, scanned };
}
