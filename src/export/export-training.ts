import { createRedactor } from "../audit/redact.js";
import type { Charter } from "../charter/charter.js";
import type { ToolRegistry } from "../contract/tool-registry.js";
import { buildModelTools } from "../runtime/model-tools.js";
import { buildSystemPrompt } from "../runtime/system-prompt.js";
import type { ReviewRecord, Store } from "../store/store.js";
import {
  buildTrainingData,
  type TrainingData,
  type TrainingFormat,
  type TrainingSummary,
} from "./training-data.js";

export interface ExportTrainingOptions {
  store: Store;
  charter: Charter;
  registry: ToolRegistry;
  format: TrainingFormat;
  /** Eval cases to keep out of training (a suite's cases and red-team cases): id and input. */
  evalCases?: readonly { id: string; input: unknown }[];
  excludeEvalOverlap?: boolean;
}

/**
 * Reads the charter's reviewed runs from the store and makes training data of them (`buildTrainingData`). Only the
 * store is read, and it holds runs and reviews redacted; the charter's redactor is applied again on the way out.
 */
export async function exportTraining(options: ExportTrainingOptions): Promise<TrainingData> {
  const { store, charter } = options;
  const byRun = new Map<string, ReviewRecord[]>();
  for (const review of await store.reviews.list())
    byRun.set(review.runId, [...(byRun.get(review.runId) ?? []), review]);
  const runs = [];
  for (const [runId, reviews] of byRun) {
    const run = await store.runs.get(runId);
    if (run !== undefined && run.charter === charter.name) runs.push({ run, reviews });
  }
  // Oldest run first, so that the file reads in the order the work was done.
  runs.sort((a, b) =>
    a.run.createdAt === b.run.createdAt
      ? a.run.id < b.run.id
        ? -1
        : 1
      : a.run.createdAt < b.run.createdAt
        ? -1
        : 1,
  );
  return buildTrainingData({
    format: options.format,
    runs,
    system: buildSystemPrompt(charter, []),
    tools: buildModelTools(charter, options.registry),
    redact: createRedactor({ fields: [...charter.redact] }),
    ...(options.evalCases === undefined ? {} : { evalCases: options.evalCases }),
    ...(options.excludeEvalOverlap === undefined ? {} : { excludeEvalOverlap: options.excludeEvalOverlap }),
  });
}

/** Training data as JSON Lines: one object a line, each line ending in a newline. */
export function toJsonLines(lines: readonly unknown[]): string {
  return lines.map((line) => `${JSON.stringify(line)}\n`).join("");
}

/** The summary as lines of text: written, dropped as disputed, skipped by reason, overlapping eval cases. */
export function describeSummary(summary: TrainingSummary): string[] {
  const reasons = new Map<string, number>();
  for (const skip of summary.skipped) reasons.set(skip.reason, (reasons.get(skip.reason) ?? 0) + 1);
  const lines = [
    `written ${summary.written} ${summary.format} line${summary.written === 1 ? "" : "s"}`,
    `dropped (disputed: reviewers disagree) ${summary.disputed.length}${summary.disputed.length > 0 ? `: ${summary.disputed.join(", ")}` : ""}`,
    `skipped ${summary.skipped.length}${
      reasons.size > 0 ? ` (${[...reasons].map(([reason, n]) => `${reason}: ${n}`).join("; ")})` : ""
    }`,
  ];
  if (!summary.evalChecked)
    lines.push("overlapping eval cases: not checked (no eval cases given: --suite <dir>)");
  else
    lines.push(
      `overlapping eval cases ${summary.overlapping.length}${
        summary.overlapping.length > 0
          ? `: ${summary.overlapping.map((o) => `${o.runId} (${o.caseIds.join(", ")})`).join(", ")}${summary.overlapExcluded ? " (left out)" : " (written; --exclude-eval-overlap leaves them out)"}`
          : ""
      }`,
    );
  return lines;
}
