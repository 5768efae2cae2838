import type { Command } from "commander";
import { checkOracles } from "../../eval/check-oracles.js";
import { loadSuite } from "../../eval/load-suite.js";
import { parsePerturbList } from "../../eval/perturb/index.js";
import { withFlags } from "../cli-terms.js";
import { ExitCode } from "../handle-error.js";
import type { Io } from "../io.js";
import { progressBar } from "../progress.js";
import { caseOption, kindOption, type SelectFlags, selectByFlags, tagOption } from "../select-flags.js";
import { suiteOptionsHelp, suiteOptionsOf } from "../suite-flags.js";

type CheckFlags = SelectFlags & { perturb?: string; saveStates?: string };

export function registerCheck(program: Command, io: Io): void {
  program
    .command("check")
    .description(
      "replay every case's oracle: any case that does not score full marks has a broken label (exit 1)",
    )
    .argument("<suite>", "the suite folder")
    .option("--perturb <list>", "also check the derived meaner cases (a list, or all)")
    .option("--save-states <dir>", "write each case's final world state to <dir>/<case id>.json")
    .addOption(caseOption())
    .addOption(tagOption())
    .addOption(kindOption())
    .allowUnknownOption()
    .allowExcessArguments()
    .addHelpText("after", suiteOptionsHelp)
    .action(async (target: string, flags: CheckFlags, command: Command) => {
      const perturbList = flags.perturb;
      const perturb = perturbList
        ? await withFlags({ perturb: "--perturb" }, () => parsePerturbList(perturbList))
        : undefined;
      const suite = await selectByFlags(await loadSuite(target, suiteOptionsOf(command)), flags);
      const bar = progressBar(io, `check ${suite.name}`);
      const result = await checkOracles({
        suite,
        ...(perturb ? { perturb } : {}),
        ...(flags.saveStates ? { saveStatesDir: flags.saveStates } : {}),
        onProgress: (done, total) => bar.update(done, total),
      });
      bar.end();
      for (const broken of result.broken) {
        io.out(`✗ broken label: ${broken.caseId}`);
        for (const f of broken.failures) io.out(`    ${f.category}: ${f.message}`);
      }
      if (result.withoutOracle.length > 0)
        io.out(
          `  ${result.withoutOracle.length} case(s) without an oracle, not checked: ${result.withoutOracle.slice(0, 10).join(", ")}${result.withoutOracle.length > 10 ? ", …" : ""}`,
        );
      for (const [name, p] of Object.entries(result.perturbations)) {
        io.out(`  ${name}: ${p.derived} derived, ${p.applied} applied, ${p.notApplicable} not applicable`);
        for (const r of p.reasons) io.out(`      not applicable × ${r.cases}: ${r.reason}`);
      }
      if (result.broken.length === 0) {
        io.out(`✓ ${suite.name}: ${result.checked} oracle(s) replayed, every one scores full marks`);
      } else {
        io.out(
          `✗ ${suite.name}: ${result.broken.length} of ${result.checked} oracle(s) do not score full marks (broken labels)`,
        );
        io.setExitCode(ExitCode.Failed);
      }
      if (flags.saveStates) io.out(`final states: ${flags.saveStates}/<case id>.json`);
    });
}
