import { dirname } from "node:path";
import type { Command } from "commander";
import { formatTrace } from "../../audit/format-trace.js";
import { redactString } from "../../audit/redact.js";
import { ErrorCode } from "../../errors/codes.js";
import { UserError } from "../../errors/reins-error.js";
import { parseJsonDocument } from "../../files/located-document.js";
import { readUserFile } from "../../files/read-user-file.js";
import { groundTruth, verdictOf } from "../../review/ground-truth.js";
import { recordReview } from "../../review/record-review.js";
import { reviewQueue } from "../../review/review-queue.js";
import {
  retrainingPriorities,
  reviewErrorTypes,
  reviewOutcomes,
  reviewRootCauses,
} from "../../review/review-terms.js";
import type { ReviewCaseResult } from "../../review/write-review-case.js";
import { reviewerAgreement } from "../../stats/reviewer-agreement.js";
import type { ReviewCorrection, ReviewRecord } from "../../store/store.js";
import { terminalText } from "../../text/terminal-text.js";
import { parseDate } from "../../weekly/period.js";
import { withStore, withStoreToRead } from "../cli-store.js";
import { decisionIdentity } from "../decided-by.js";
import type { Io } from "../io.js";
import { loadWorkflowAt } from "./run.js";

const storeFlag = "the store (default .reins/reins.db, or REINS_STORE)";

interface RecordFlags {
  outcome: string;
  errorType?: string;
  rootCause?: string;
  priority?: string;
  decision?: string;
  field?: string[];
  note?: string;
  correction?: string;
  by?: string;
  store?: string;
}

function describeReview(review: ReviewRecord): string[] {
  const who =
    review.enteredBy === undefined ? review.reviewer : `${review.reviewer} (entered by ${review.enteredBy})`;
  const terms = [
    review.errorType,
    review.rootCause,
    review.retrainingPriority && `priority ${review.retrainingPriority}`,
  ]
    .filter((term) => term !== null)
    .join(", ");
  const lines = [
    `${review.id}  ${review.outcome}  by ${who}  ${review.createdAt}${terms ? `  ${terms}` : ""}`,
  ];
  if (review.correction !== null) lines.push(`    correction: ${JSON.stringify(review.correction)}`);
  if (review.note !== null) lines.push(`    note: ${review.note}`);
  return lines;
}

/** What became of a review's red-team case, in one line. */
export function describeReviewCase(result: ReviewCaseResult): string {
  switch (result.status) {
    case "added":
      return result.notRunnable === undefined
        ? `red-team case ${result.id} added: ${result.file}; it runs with every eval from now on`
        : `red-team case ${result.id} added: ${result.file}; not runnable yet (evals skip it, counted): ${result.notRunnable}`;
    case "exists":
      return `red-team case ${result.id} already in the library (${result.file}): left as it is`;
    case "no-suite":
      return `no red-team case: ${result.dir} has no suite.ts, so no eval would run one`;
  }
}

/** `--field k=v`: the value read as JSON when it is JSON (`3`, `null`, `"x"`), else as the text given. */
function parseField(text: string): [string, unknown] {
  const at = text.indexOf("=");
  if (at <= 0)
    throw new UserError({
      code: ErrorCode.Usage,
      message: `--field takes name=value, got ${JSON.stringify(text)}`,
      path: "--field",
      hint: "for example --field status=qualified",
    });
  const raw = text.slice(at + 1);
  try {
    return [text.slice(0, at), JSON.parse(raw)];
  } catch {
    return [text.slice(0, at), raw];
  }
}

async function readCorrection(
  flags: RecordFlags,
): Promise<{ correction?: ReviewCorrection; source: string }> {
  let correction: Record<string, unknown> | undefined;
  let source = "--decision/--field";
  if (flags.correction !== undefined) {
    const text = await readUserFile(flags.correction, { what: "the correction" });
    const value = parseJsonDocument(text, flags.correction).value;
    if (typeof value !== "object" || value === null || Array.isArray(value))
      throw new UserError({
        code: ErrorCode.ReviewInvalid,
        message: `${flags.correction} must hold one JSON object: { "decision", "fields", "actions" }`,
        file: flags.correction,
      });
    correction = { ...(value as Record<string, unknown>) };
    source = flags.correction;
  }
  if (flags.decision !== undefined) correction = { ...correction, decision: flags.decision };
  if (flags.field !== undefined && flags.field.length > 0) {
    const fields = { ...((correction?.fields as Record<string, unknown> | undefined) ?? {}) };
    for (const text of flags.field) {
      const [name, value] = parseField(text);
      fields[name] = value;
    }
    correction = { ...correction, fields };
  }
  return correction === undefined ? { source } : { correction: correction as ReviewCorrection, source };
}

export function registerReview(program: Command, io: Io): void {
  const review = program
    .command("review")
    .description("the review queue, and humans' structured verdicts on runs");
  review
    .command("list")
    .description(
      "runs a human should review, with why: shadow disagreements first, then escalations, low confidence, proposals, a sample of autonomous runs",
    )
    .option("--all", "include runs already reviewed")
    .option("--store <path>", storeFlag)
    .action(async (flags: { all?: boolean; store?: string }) => {
      await withStoreToRead(flags, async ({ store }) => {
        const queue = await reviewQueue({ store, includeReviewed: flags.all === true });
        if (queue.length === 0) {
          io.out(flags.all ? "no runs to review" : "no runs waiting for review");
          return;
        }
        for (const item of queue) {
          const reviewed =
            item.reviews > 0 ? `  (${item.reviews} review${item.reviews === 1 ? "" : "s"})` : "";
          const disagreement = item.disagreement
            ? `  (human ${item.disagreement.humanClass}, agent ${item.disagreement.agentClass}, impact ${item.disagreement.impact})`
            : "";
          io.out(
            terminalText(
              `${item.run.id}  ${item.run.charter}  ${item.run.status}  ${item.run.autonomy}  ${item.reasons.join(", ")}${disagreement}${reviewed}`,
            ),
          );
        }
      });
    });
  review
    .command("agreement")
    .description(
      "how well reviewers agree: Cohen's κ for each pair of reviewers on the runs both reviewed (their latest verdicts)",
    )
    .option("--since <date>", "only reviews recorded on or after this ISO-8601 date")
    .option("--store <path>", storeFlag)
    .action(async (flags: { since?: string; store?: string }) => {
      const since =
        flags.since === undefined
          ? undefined
          : new Date(parseDate(flags.since, "--since", false)).toISOString();
      await withStoreToRead(flags, async ({ store }) => {
        // Oldest first (as the store lists them), so a reviewer's latest verdict on a run is the one counted.
        const reviews = await store.reviews.list(since === undefined ? {} : { since });
        const pairs = reviewerAgreement(
          reviews.map((r) => ({ runId: r.runId, reviewer: r.reviewer, label: verdictOf(r) })),
        );
        if (pairs.length === 0) {
          io.out("no two reviewers share a run yet");
          return;
        }
        for (const pair of pairs)
          io.out(
            `${pair.reviewers[0]} × ${pair.reviewers[1]}  ${pair.n} shared run${pair.n === 1 ? "" : "s"}  agreement ${(100 * pair.agreement).toFixed(1)}%  κ ${pair.kappa.toFixed(3)}`,
          );
      });
    });
  review
    .command("show")
    .description("a run's trace summary and its reviews, with the ground truth they state")
    .argument("<runId>", "the run")
    .option("--store <path>", storeFlag)
    .action(async (runId: string, flags: { store?: string }) => {
      await withStoreToRead(flags, async ({ store }) => {
        const run = await store.runs.get(runId);
        if (run === undefined)
          throw new UserError({
            code: ErrorCode.RunInvalid,
            message: `no run ${runId} in the store`,
            path: "<runId>",
            hint: "run `reins review list --all` to see the runs that can be reviewed",
          });
        io.out(redactString(formatTrace(run, await store.audit.list(runId))).trimEnd());
        const reviews = await store.reviews.list({ runId });
        io.out("");
        if (reviews.length === 0) {
          io.out("no reviews yet");
          return;
        }
        io.out(`reviews (${reviews.length})`);
        for (const line of reviews.flatMap(describeReview)) io.out(`  ${line}`);
        const truth = groundTruth(reviews);
        if (truth !== undefined)
          io.out(
            `ground truth: ${truth.review.id} (the latest review); reviewers ${truth.agreement ? "agree" : "disagree"}: ${Object.entries(
              truth.verdicts,
            )
              .map(([who, verdict]) => `${who} ${verdict}`)
              .join(", ")}`,
          );
      });
    });
  review
    .command("record")
    .description(
      "record a review of a run: outcome, error type, root cause, priority and the exact correction",
    )
    .argument("<charter>", "the charter the run ran under: a charter file or its workflow folder")
    .argument("<runId>", "the run")
    .requiredOption("--outcome <outcome>", reviewOutcomes.join(" | "))
    .option("--error-type <type>", reviewErrorTypes.join(" | "))
    .option("--root-cause <cause>", reviewRootCauses.join(" | "))
    .option("--priority <priority>", `retraining priority: ${retrainingPriorities.join(" | ")}`)
    .option("--decision <option>", "the decision the run should have reached (one of the charter's options)")
    .option(
      "--field <name=value>",
      "a decision field's corrected value (JSON or text); repeat for more",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      "--correction <file.json>",
      "the correction as JSON: { decision, fields, actions: [{ tool, input }] }",
    )
    .option("--note <text>", "a note, kept redacted")
    .option("--by <name>", "who reviewed: you (the OS user), or someone else if the store allows delegation")
    .option("--store <path>", storeFlag)
    .action(async (target: string, runId: string, flags: RecordFlags) => {
      const workflow = await loadWorkflowAt(target);
      const { correction, source } = await readCorrection(flags);
      await withStore(
        flags,
        async ({ store, audit }) => {
          const identity = await decisionIdentity(flags, store);
          const recorded = await recordReview({
            store,
            audit,
            charter: workflow.charter,
            registry: workflow.registry,
            runId,
            reviewer: identity.decidedBy,
            ...(identity.enteredBy === undefined ? {} : { enteredBy: identity.enteredBy }),
            outcome: flags.outcome as ReviewRecord["outcome"],
            ...(flags.errorType === undefined ? {} : { errorType: flags.errorType as never }),
            ...(flags.rootCause === undefined ? {} : { rootCause: flags.rootCause as never }),
            ...(flags.priority === undefined ? {} : { retrainingPriority: flags.priority as never }),
            ...(correction === undefined ? {} : { correction }),
            ...(flags.note === undefined ? {} : { note: flags.note }),
            correctionSource: source,
            workflowDir: dirname(workflow.charterFile),
          });
          io.out(
            `recorded review ${recorded.id} of run ${recorded.runId}: ${recorded.outcome} by ${recorded.reviewer}`,
          );
          if (recorded.redteamCase !== undefined) io.out(describeReviewCase(recorded.redteamCase));
        },
        workflow.charter.redact,
      );
    });
}
