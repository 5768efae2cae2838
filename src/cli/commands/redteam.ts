import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Command } from "commander";
import { createRedactor } from "../../audit/redact.js";
import { ErrorCode } from "../../errors/codes.js";
import { UserError } from "../../errors/reins-error.js";
import { loadSuite } from "../../eval/load-suite.js";
import { addRedteamCase } from "../../eval/redteam.js";
import { groundTruth } from "../../review/ground-truth.js";
import { regressionOutcomes, reviewRedteamCase } from "../../review/review-case.js";
import { writeReviewCase } from "../../review/write-review-case.js";
import { checkOriginalInput } from "../../runtime/original-input.js";
import { isCharterFileName } from "../../workflow/find-charters.js";
import { withStoreToRead } from "../cli-store.js";
import { readReportFlag, withFlags } from "../cli-terms.js";
import type { Io } from "../io.js";
import { positiveInt } from "../positive-int.js";
import { describeReviewCase } from "./review.js";
import { loadWorkflowAt } from "./run.js";
import { readRunInput } from "./run-input.js";

export function registerRedteam(program: Command, io: Io): void {
  const redteam = program
    .command("redteam")
    .description("the red-team library: every meaningful failure becomes a permanent regression case");
  redteam
    .command("add")
    .description("write a failed trial from a report into the suite's redteam/ folder")
    .requiredOption("--from <report.json>", "a report written by `reins eval --out`")
    .requiredOption("--case <id>", "the case that failed")
    .option("--trial <n>", "which trial (default: the first failed one)")
    .option(
      "--root-cause <text>",
      "why it failed (prompt, data, missing tool, unclear policy, model limitation)",
    )
    .option(
      "--suite <dir>",
      "the suite folder (default: found by the report's charter name below the current folder)",
    )
    .action(
      async (flags: { from: string; case: string; trial?: string; rootCause?: string; suite?: string }) => {
        const report = await readReportFlag(flags.from);
        const suiteDir = flags.suite ?? (await findSuiteDir(".", report.charter.name));
        const suite = await loadSuite(suiteDir);
        const trial = flags.trial === undefined ? undefined : positiveInt(flags.trial, "--trial");
        const { file } = await withFlags({ caseId: "--case", trial: "--trial" }, () =>
          addRedteamCase({
            suite,
            report,
            caseId: flags.case,
            ...(trial === undefined ? {} : { trial }),
            ...(flags.rootCause ? { rootCause: flags.rootCause } : {}),
          }),
        );
        io.out(`added ${file}; it runs with every eval of ${suite.name}`);
      },
    );
  redteam
    .command("from-review")
    .description(
      "write a reviewed run's red-team case (its ground truth, edited or rejected) if it has none yet; `reins review record` does it by itself",
    )
    .argument("<workflow>", "the workflow folder (or its charter file), holding suite.ts")
    .argument("<runId>", "the reviewed run")
    .option(
      "--input <file>",
      "the run's real input, when the run stored it redacted: checked against the run (its redacted form and salted hash), it makes the case runnable",
    )
    .option("--store <path>", "the store (default .reins/reins.db, or REINS_STORE)")
    .action(async (target: string, runId: string, flags: { store?: string; input?: string }) => {
      const workflow = await loadWorkflowAt(target);
      const input = flags.input === undefined ? undefined : await readRunInput(flags.input, workflow.charter);
      await withStoreToRead(flags, async ({ store }) => {
        const run = await store.runs.get(runId);
        if (run === undefined || run.charter !== workflow.charter.name)
          throw new UserError({
            code: ErrorCode.RunInvalid,
            message:
              run === undefined
                ? `no run ${runId} in the store`
                : `run ${runId} ran charter ${run.charter}, not ${workflow.charter.name}`,
            path: "<runId>",
            hint: "run `reins review list --all` to see the reviewed runs",
          });
        const truth = groundTruth(await store.reviews.list({ runId }));
        if (truth === undefined || !regressionOutcomes.includes(truth.review.outcome))
          throw new UserError({
            code: ErrorCode.ReviewInvalid,
            message: `run ${runId} ${truth === undefined ? "has no review" : `stands ${truth.review.outcome} (review ${truth.review.id})`}: only an edited or rejected review makes a red-team case`,
            path: "<runId>",
          });
        if (input !== undefined)
          await withFlags({ input: "--input" }, () =>
            checkOriginalInput(run, input, createRedactor({ fields: [...workflow.charter.redact] })),
          );
        const redteamCase = reviewRedteamCase({
          run: input === undefined ? run : { ...run, input },
          review: truth.review,
          events: await store.audit.list(runId),
          charter: workflow.charter,
          registry: workflow.registry,
        });
        io.out(
          describeReviewCase(
            writeReviewCase(dirname(workflow.charterFile), redteamCase, {
              replaceNotRunnable: input !== undefined,
            }),
          ),
        );
      });
    });
}

/** Finds the folder (up to three levels down) whose charter has this name. */
async function findSuiteDir(root: string, charterName: string): Promise<string> {
  const queue: { dir: string; depth: number }[] = [{ dir: root, depth: 0 }];
  while (queue.length > 0) {
    const { dir, depth } = queue.shift() as { dir: string; depth: number };
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (entry.isFile() && isCharterFileName(entry.name)) {
        const text = await readFile(join(dir, entry.name), "utf8");
        if (
          new RegExp(`^name:\\s*${charterName}\\s*$`, "m").test(text) ||
          text.includes(`"name": "${charterName}"`)
        )
          return dir;
      }
      if (entry.isDirectory() && depth < 3 && !entry.name.startsWith(".") && entry.name !== "node_modules") {
        queue.push({ dir: join(dir, entry.name), depth: depth + 1 });
      }
    }
  }
  throw new UserError({
    code: ErrorCode.FileNotFound,
    message: `no suite folder with charter "${charterName}" below the current folder`,
    hint: "pass --suite <dir>",
  });
}
