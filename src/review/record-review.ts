import { randomUUID } from "node:crypto";
import type { AuditSink } from "../audit/audit-log.js";
import type { Charter } from "../charter/charter.js";
import type { ToolRegistry } from "../contract/tool-registry.js";
import { ErrorCode } from "../errors/codes.js";
import { didYouMean } from "../errors/did-you-mean.js";
import { UserError } from "../errors/reins-error.js";
import { ValidationError } from "../errors/validation-error.js";
import type {
  RetrainingPriority,
  ReviewCorrection,
  ReviewErrorType,
  ReviewOutcome,
  ReviewRecord,
  ReviewRootCause,
  Store,
} from "../store/store.js";
import { checkCorrection, toCorrection } from "./check-correction.js";
import { regressionOutcomes, reviewRedteamCase } from "./review-case.js";
import { retrainingPriorities, reviewErrorTypes, reviewOutcomes, reviewRootCauses } from "./review-terms.js";
import { type ReviewCaseResult, writeReviewCase } from "./write-review-case.js";

export interface RecordReviewOptions {
  store: Store;
  /** The run's audit log: the review's event goes there, and its redaction is applied to the note and correction. */
  audit: AuditSink;
  /** The charter the run ran under: the correction is checked against it. */
  charter: Charter;
  /** The workflow's tool cards: a corrected action's input is checked against its card. */
  registry?: ToolRegistry;
  runId: string;
  /** Who reviewed: a person, never the model. */
  reviewer: string;
  /** Who entered the review, when it is someone other than `reviewer` (a store that allows delegation). */
  enteredBy?: string;
  outcome: ReviewOutcome;
  errorType?: ReviewErrorType;
  /** What the run should have done; required when the outcome is `edited`. */
  correction?: ReviewCorrection;
  rootCause?: ReviewRootCause;
  retrainingPriority?: RetrainingPriority;
  note?: string;
  /** Where the correction came from, named in its errors (a file, `--decision`…); default `correction`. */
  correctionSource?: string;
  /** The review's id (default: a new one). */
  id?: string;
  /**
   * The workflow folder (the charter's, holding `suite.ts`): an `edited` or `rejected` review then writes the run's
   * red-team case into its `redteam/` folder, once per run (`writeReviewCase`). Without it, no case is written.
   */
  workflowDir?: string;
}

/** A recorded review, and, when `workflowDir` was given and the review was edited or rejected, its red-team case. */
export type RecordedReview = ReviewRecord & { redteamCase?: ReviewCaseResult };

function oneOf<T extends string>(value: unknown, known: readonly T[], field: string): T | null {
  if (value === undefined) return null;
  if (typeof value === "string" && (known as readonly string[]).includes(value)) return value as T;
  throw new UserError({
    code: ErrorCode.ReviewInvalid,
    message: `${field} ${JSON.stringify(value)} is not one of ${known.join(", ")}${typeof value === "string" ? didYouMean(value, known) : ""}`,
    path: field,
  });
}

/**
 * Records a human's review of a run, with its `review.recorded` audit event in the same transaction. Checked before
 * anything is written: the terms are SPEC's lists (`review-terms.ts`), the run exists, belongs to the charter and
 * has ended or is suspended, an `edited` review carries a correction, and the correction fits the charter
 * (`checkCorrection`). The note and correction are stored redacted (`audit.redact`), like an approval's note.
 * Reviews are append-only: reviewing a run again, or by someone else, adds a review. With `workflowDir`, an
 * `edited` or `rejected` review becomes the run's red-team case (`reviewRedteamCase`), which runs with every eval.
 */
export async function recordReview(options: RecordReviewOptions): Promise<RecordedReview> {
  const { store, audit, charter } = options;
  const outcome = oneOf(options.outcome, reviewOutcomes, "outcome");
  if (outcome === null)
    throw new UserError({
      code: ErrorCode.ReviewInvalid,
      message: "a review needs an outcome",
      path: "outcome",
    });
  const errorType = oneOf(options.errorType, reviewErrorTypes, "errorType");
  const rootCause = oneOf(options.rootCause, reviewRootCauses, "rootCause");
  const retrainingPriority = oneOf(options.retrainingPriority, retrainingPriorities, "retrainingPriority");
  if (options.reviewer.trim() === "")
    throw new UserError({
      code: ErrorCode.ReviewInvalid,
      message: "a review needs a reviewer",
      path: "reviewer",
    });

  const run = await store.runs.get(options.runId);
  if (run === undefined)
    throw new UserError({
      code: ErrorCode.RunInvalid,
      message: `no run "${options.runId}" in the store; nothing was recorded`,
      path: "runId",
      hint: "run `reins review list` to see the runs waiting for review",
    });
  if (run.charter !== charter.name)
    throw new UserError({
      code: ErrorCode.ReviewInvalid,
      message: `run ${run.id} ran charter ${run.charter}, not ${charter.name}; nothing was recorded`,
      path: "charter",
      hint: `review it with the ${run.charter} charter`,
    });
  if (run.status === "running")
    throw new UserError({
      code: ErrorCode.ReviewInvalid,
      message: `run ${run.id} is still running; a run is reviewed once it has ended or is suspended`,
      path: "runId",
    });

  const source = options.correctionSource ?? "correction";
  if (outcome === "edited" && options.correction === undefined)
    throw new ValidationError({
      code: ErrorCode.ReviewInvalid,
      issues: [
        {
          file: source,
          path: "correction",
          message:
            "an edited review needs the correction: the decision, fields or actions the run should have had",
        },
      ],
    });
  let correction: ReviewCorrection | null = null;
  if (options.correction !== undefined) {
    const issues = checkCorrection(options.correction, charter, options.registry, source);
    if (issues.length > 0) throw new ValidationError({ code: ErrorCode.ReviewInvalid, issues });
    correction = toCorrection(options.correction as unknown as Record<string, unknown>);
  }

  // Kept redacted, like everything else the run keeps.
  const redact = audit.redact ?? ((value: unknown) => value);
  const note = options.note === undefined ? null : (redact(options.note) as string);
  const kept = correction === null ? null : (redact(correction) as ReviewCorrection);
  const recorded = await store.reviews.append(
    {
      id: options.id ?? `rev_${randomUUID()}`,
      runId: run.id,
      reviewer: options.reviewer,
      ...(options.enteredBy === undefined ? {} : { enteredBy: options.enteredBy }),
      outcome,
      errorType,
      correction: kept,
      rootCause,
      retrainingPriority,
      note,
    },
    (record) =>
      audit.prepare({
        runId: record.runId,
        type: "review.recorded",
        data: {
          reviewId: record.id,
          reviewer: record.reviewer,
          ...(record.enteredBy === undefined ? {} : { enteredBy: record.enteredBy }),
          outcome: record.outcome,
          errorType: record.errorType,
          rootCause: record.rootCause,
          retrainingPriority: record.retrainingPriority,
          correction: record.correction,
          note: record.note,
        },
      }),
  );
  if (options.workflowDir === undefined || !regressionOutcomes.includes(recorded.outcome)) return recorded;
  // After the review is stored: a red-team folder that cannot be written loses nothing recorded.
  const redteamCase = reviewRedteamCase({
    run,
    review: recorded,
    events: await store.audit.list(run.id),
    charter,
    ...(options.registry === undefined ? {} : { registry: options.registry }),
  });
  return { ...recorded, redteamCase: writeReviewCase(options.workflowDir, redteamCase) };
}
