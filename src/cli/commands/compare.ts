import type { Command } from "commander";
import { compareReports } from "../../eval/report/compare-reports.js";
import { formatComparison } from "../../eval/report/format-comparison.js";
import { readReportFlag } from "../cli-terms.js";
import { ExitCode } from "../handle-error.js";
import type { Io } from "../io.js";

/** `reins compare <before> <after> [--json]`: exit 1 on any regression, 0 otherwise, 2 on bad input. */
export function registerCompare(program: Command, io: Io): void {
  program
    .command("compare")
    .description("compare two eval reports case by case; exit 1 if any case got worse in any category")
    .argument("<before>", "the earlier report (`reins eval --out`)")
    .argument("<after>", "the later report")
    .option("--json", "print the comparison as JSON")
    .action(async (beforeFile: string, afterFile: string, flags: { json?: boolean }) => {
      const [before, after] = await Promise.all([readReportFlag(beforeFile), readReportFlag(afterFile)]);
      const comparison = compareReports(before, after);
      io.out(flags.json ? JSON.stringify(comparison, null, 2) : formatComparison(comparison));
      if (comparison.regressions.length > 0) io.setExitCode(ExitCode.Failed);
    });
}
