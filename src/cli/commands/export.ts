import type { Command } from "commander";
import { ErrorCode } from "../../errors/codes.js";
import { didYouMean } from "../../errors/did-you-mean.js";
import { UserError } from "../../errors/reins-error.js";
import { loadSuite } from "../../eval/load-suite.js";
import { describeSummary, exportTraining, toJsonLines } from "../../export/export-training.js";
import { type TrainingFormat, trainingFormats } from "../../export/training-data.js";
import { checkWritable, writeUserFile } from "../../files/write-user-file.js";
import { withStoreToRead } from "../cli-store.js";
import type { Io } from "../io.js";
import { loadWorkflowAt } from "./run.js";

interface TrainingFlags {
  format: string;
  out?: string;
  suite?: string;
  excludeEvalOverlap?: boolean;
  store?: string;
}

function parseFormat(value: string): TrainingFormat {
  if ((trainingFormats as readonly string[]).includes(value)) return value as TrainingFormat;
  throw new UserError({
    code: ErrorCode.Usage,
    message: `--format must be one of ${trainingFormats.join(", ")}, got "${value}"${didYouMean(value, trainingFormats)}`,
    path: "--format",
  });
}

export function registerExport(program: Command, io: Io): void {
  const exported = program.command("export").description("export what the store holds, for use elsewhere");
  exported
    .command("training")
    .description(
      "reviewed runs as training data: approved and corrected runs as SFT conversations, corrections as preference pairs",
    )
    .argument(
      "<workflow>",
      "the workflow the runs ran under: a charter file or its folder (for its tools and redaction)",
    )
    .requiredOption("--format <format>", trainingFormats.join(" | "))
    .option("--out <file.jsonl>", "write the JSON Lines here (0600) instead of to stdout")
    .option("--suite <dir>", "an eval suite whose cases (and red-team cases) must not leak into training")
    .option("--exclude-eval-overlap", "leave out runs whose input is an eval case's input")
    .option("--store <path>", "the store (default .reins/reins.db, or REINS_STORE)")
    .action(async (target: string, flags: TrainingFlags) => {
      const format = parseFormat(flags.format);
      if (flags.out !== undefined) checkWritable(flags.out, { what: "training data", flag: "--out" });
      const workflow = await loadWorkflowAt(target);
      let evalCases: { id: string; input: unknown }[] | undefined;
      if (flags.suite !== undefined) {
        const suite = await loadSuite(flags.suite);
        evalCases = [...suite.cases, ...suite.redteamCases].map((c) => ({ id: c.id, input: c.input }));
      }
      const data = await withStoreToRead(flags, ({ store }) =>
        exportTraining({
          store,
          charter: workflow.charter,
          registry: workflow.registry,
          format,
          ...(evalCases === undefined ? {} : { evalCases }),
          excludeEvalOverlap: flags.excludeEvalOverlap === true,
        }),
      );
      const text = toJsonLines(data.lines);
      if (flags.out !== undefined) writeUserFile(flags.out, text, { what: "training data", flag: "--out" });
      else if (text !== "") io.out(text.trimEnd());
      for (const line of describeSummary(data.summary)) io.err(line);
    });
}
