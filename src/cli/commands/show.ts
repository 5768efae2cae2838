import type { Command } from "commander";
import { redactString } from "../../audit/redact.js";
import { ErrorCode } from "../../errors/codes.js";
import { UserError } from "../../errors/reins-error.js";
import { formatTranscript } from "../../eval/format-transcript.js";
import { storedResults } from "../../eval/run-eval.js";
import type { TrialTranscript } from "../../eval/transcript.js";
import type { TrialResult } from "../../eval/trial.js";
import { storePath, withStoreToRead } from "../cli-store.js";
import type { Io } from "../io.js";
import { positiveInt } from "../positive-int.js";

interface ShowFlags {
  trial?: string;
  store?: string;
}

export function registerShow(program: Command, io: Io): void {
  program
    .command("show")
    .description("print one trial's transcript from an evaluation run with --trace")
    .argument("<evalId>", "the evaluation, as `reins eval` printed it")
    .argument("<caseId>", "the case")
    .option("--trial <n>", "the trial (default: the case's first failed trial, else 1)")
    .option("--store <path>", "the store (default .reins/reins.db, or REINS_STORE)")
    .action(async (evalId: string, caseId: string, flags: ShowFlags) => {
      const wanted = flags.trial === undefined ? undefined : positiveInt(flags.trial, "--trial");
      const file = storePath(flags);
      const notFound = (path: string, message: string, hint?: string) =>
        new UserError({
          code: ErrorCode.EvalNotFound,
          message,
          file,
          path,
          ...(hint === undefined ? {} : { hint }),
        });
      await withStoreToRead(flags, async ({ store }) => {
        if ((await store.evals.get(evalId)) === undefined) {
          const recent = (await store.evals.list({ limit: 5 })).map((summary) => summary.id);
          throw notFound(
            "<evalId>",
            `no evaluation "${evalId}" in this store`,
            recent.length === 0
              ? "run `reins eval <suite> --trace` first"
              : `recent evaluations: ${recent.join(", ")}`,
          );
        }
        // The case's results only, and only the keys to list the cases: an eval of any size is not read whole.
        const ofCase: TrialResult[] = [];
        for await (const result of storedResults(store, evalId, { caseId })) ofCase.push(result);
        if (ofCase.length === 0) {
          const cases = [
            ...new Set((await store.evals.completedKeys(evalId)).map((key) => key.caseId)),
          ].sort();
          throw notFound(
            "<caseId>",
            `evaluation ${evalId} has no case "${caseId}"`,
            `its cases: ${cases.join(", ")}`,
          );
        }
        const trials = ofCase.map((result) => result.trial);
        const trial = wanted ?? ofCase.find((result) => !result.passed)?.trial ?? (trials[0] as number);
        if (!trials.includes(trial)) {
          throw notFound(
            "--trial",
            `case ${caseId} has no trial ${trial} in evaluation ${evalId}`,
            `its trials: ${trials.join(", ")}`,
          );
        }
        const [transcript] = await store.evals.transcripts(evalId, { caseId, trial });
        if (transcript === undefined) {
          throw notFound(
            "<evalId>",
            `evaluation ${evalId} was run without --trace: it kept no transcripts`,
            "run `reins eval <suite> --trace` to keep every trial's transcript",
          );
        }
        if (wanted === undefined && trials.length > 1)
          io.out(`(trial ${trial} of ${trials.join(", ")}; pick another with --trial <n>)`);
        // Whatever kept it, a transcript is printed with every recognisable secret redacted.
        io.out(redactString(formatTranscript(transcript.data as TrialTranscript, evalId).trimEnd()));
      });
    });
}
