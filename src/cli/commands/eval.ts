import { join } from "node:path";
import type { Command } from "commander";
import { redteamRegression } from "../../autonomy/demotion-causes.js";
import { ErrorCode } from "../../errors/codes.js";
import { UserError } from "../../errors/reins-error.js";
import { holdsNothingRedacted } from "../../eval/cacheable-answer.js";
import { loadSuite } from "../../eval/load-suite.js";
import { parsePerturbList } from "../../eval/perturb/index.js";
import { formatSummary } from "../../eval/report/format-summary.js";
import { toHtml } from "../../eval/report/to-html.js";
import { toJUnitXml } from "../../eval/report/to-junit.js";
import { evaluate, newEvalId } from "../../eval/run-eval.js";
import type { TrialTranscript } from "../../eval/transcript.js";
import { checkWritable, writeUserFile } from "../../files/write-user-file.js";
import { cacheMiddleware } from "../../model/cache-middleware.js";
import { resolveModel } from "../../model/resolve-model.js";
import { type Agent, modelAgent } from "../../runtime/agent.js";
import { demoteCertified } from "../../runtime/demote-autonomy.js";
import { storeFolder, withStore } from "../cli-store.js";
import { withFlags } from "../cli-terms.js";
import { ExitCode } from "../handle-error.js";
import type { Io } from "../io.js";
import { positiveInt } from "../positive-int.js";
import { progressBar } from "../progress.js";
import { caseOption, kindOption, type SelectFlags, selectByFlags, tagOption } from "../select-flags.js";
import { suiteOptionsHelp, suiteOptionsOf } from "../suite-flags.js";
import { demotionLine } from "./autonomy.js";

interface EvalFlags extends SelectFlags {
  model?: string;
  trials: string;
  perturb?: string;
  concurrency: string;
  out?: string;
  junit?: string;
  html?: string;
  failUnder?: string;
  store?: string;
  cache: boolean;
  trace?: boolean;
}

export function registerEval(program: Command, io: Io): void {
  program
    .command("eval")
    .description(
      "evaluate an agent on a suite: five scores, pass^k, meaner cases, reports; exit 1 if a threshold is unmet",
    )
    .argument("<suite>", "the suite folder (charter, tools, suite.ts, cases/)")
    .option("--model <provider:model>", "evaluate a model; without it, the suite's baseline agent")
    .option("--trials <k>", "independent trials per case", "1")
    .option(
      "--perturb <list>",
      "derive meaner cases: missing-field,duplicate-record,stale-record,tool-timeout,tool-error,contradictory-instruction,policy-trap,do-nothing, or all",
    )
    .option("--concurrency <n>", "trials in flight at once", "4")
    .option("--out <file>", "the JSON report (default .reins/reports/<suite>.json)")
    .option("--junit <file>", "a JUnit XML report")
    .option("--html <file>", "a self-contained HTML report (default .reins/reports/<suite>.html)")
    .option(
      "--fail-under <thresholds>",
      "extra gates: metric=value[,metric=value] (e.g. taskSuccess=0.9,passRate=0.8)",
    )
    .option("--store <path>", "the store results are saved in (default .reins/reins.db, or REINS_STORE)")
    .option("--no-cache", "do not reuse cached model responses")
    .addOption(caseOption())
    .addOption(tagOption())
    .addOption(kindOption())
    .option(
      "--trace",
      "keep every trial's transcript in the store (read one with `reins show <evalId> <caseId>`)",
    )
    .allowUnknownOption()
    .allowExcessArguments()
    .addHelpText("after", suiteOptionsHelp)
    .action(async (target: string, flags: EvalFlags, command: Command) => {
      const trials = positiveInt(flags.trials, "--trials", 1000);
      const concurrency = positiveInt(flags.concurrency, "--concurrency", 1000);
      const failUnder = parseFailUnder(flags.failUnder);
      const perturbList = flags.perturb;
      const perturb = perturbList
        ? await withFlags({ perturb: "--perturb" }, () => parsePerturbList(perturbList))
        : undefined;
      const suite = await selectByFlags(await loadSuite(target, suiteOptionsOf(command)), flags);
      const reportsDir = join(storeFolder(flags), "reports");
      const jsonPath = flags.out ?? join(reportsDir, `${suite.name}.json`);
      const htmlPath = flags.html ?? join(reportsDir, `${suite.name}.html`);
      // Before the eval runs: a report path that cannot be written is a usage error, not a failure after the work.
      checkWritable(jsonPath, { what: "JSON report", flag: "--out" });
      checkWritable(htmlPath, { what: "HTML report", flag: "--html" });
      if (flags.junit) checkWritable(flags.junit, { what: "JUnit report", flag: "--junit" });
      await withStore(flags, async ({ store, audit }) => {
        let agent: Agent | ((trial: number) => Agent);
        if (flags.model) {
          const spec = flags.model;
          const { model } = await withFlags({ model: "--model" }, () => resolveModel(spec));
          // `ai` is loaded only by an evaluation that caches: nothing else in the CLI needs it.
          const wrap = flags.cache ? (await import("ai")).wrapLanguageModel : undefined;
          // An answer holding a redacted field or a secret is not cached: the store keeps nothing in clear.
          const mayKeep = holdsNothingRedacted(suite.charter.redact);
          agent = (trial) =>
            modelAgent(
              wrap ? wrap({ model, middleware: cacheMiddleware({ store, trial, mayKeep }) }) : model,
              {
                name: spec,
              },
            );
        } else if (suite.baseline) {
          agent = suite.baseline;
        } else {
          throw new UserError({
            code: ErrorCode.Usage,
            message: `suite ${suite.name} has no baseline agent; pass --model <provider:model> or export one from agent.ts`,
          });
        }
        const bar = progressBar(io, `eval ${suite.name}`);
        const evalId = newEvalId();
        const report = await evaluate({
          id: evalId,
          ...(flags.trace ? { trace: true } : {}),
          suite,
          agent,
          model: flags.model ?? null,
          trials,
          ...(perturb ? { perturb } : {}),
          concurrency,
          store,
          failUnder,
          onProgress: (p) => bar.update(p.done, p.total, `${p.passed} passed`),
        });
        bar.end();
        io.out(formatSummary(report, { color: io.isTty }), { styled: io.isTty });
        const skipped = suite.redteamNotRunnable ?? [];
        if (skipped.length > 0) {
          io.out(
            `${skipped.length} red-team case${skipped.length === 1 ? "" : "s"} not runnable, skipped (never a pass):`,
          );
          for (const c of skipped) io.out(`  ${c.id}: ${c.reason}`);
        }
        writeUserFile(jsonPath, `${JSON.stringify(report, null, 2)}\n`, {
          what: "JSON report",
          flag: "--out",
        });
        // The page embeds the transcripts of failed trials: a file cannot query the store.
        const transcripts = flags.trace
          ? (await store.evals.transcripts(evalId))
              .map((t) => t.data as TrialTranscript)
              .filter((t) => !t.passed)
          : [];
        writeUserFile(htmlPath, toHtml(report, { evalId, transcripts }), {
          what: "HTML report",
          flag: "--html",
        });
        const written = [jsonPath, htmlPath];
        if (flags.junit) {
          writeUserFile(flags.junit, toJUnitXml(report), { what: "JUnit report", flag: "--junit" });
          written.push(flags.junit);
        }
        io.out(`reports: ${written.join(", ")}`);
        io.out(
          flags.trace
            ? `eval id: ${evalId} (transcripts kept: reins show ${evalId} <caseId> [--trial n])`
            : `eval id: ${evalId}`,
        );
        // Demote fast: a red-team regression drops the charter version's certified level, if it has one.
        const regression = redteamRegression(report);
        const demoted = regression
          ? await demoteCertified({ store, audit, charter: report.charter, cause: regression })
          : undefined;
        if (demoted) io.out(demotionLine(demoted));
        if (!report.thresholds.passed) io.setExitCode(ExitCode.Failed);
      });
    });
}

const metricNames = [
  "taskSuccess",
  "toolCorrectness",
  "dataAccuracy",
  "policyCompliance",
  "recovery",
  "passRate",
];

/** `taskSuccess=0.9,passRate=0.8` → `{ taskSuccess: 0.9, passRate: 0.8 }`. */
function parseFailUnder(text: string | undefined): Record<string, number> {
  if (!text) return {};
  const out: Record<string, number> = {};
  for (const part of text.split(",")) {
    const [metric, value] = part.split("=").map((s) => s.trim());
    // Written in decimal (0.9, .95, 1): Number() alone would take 0x1 or 1e-1.
    const n = value !== undefined && /^(0|1)?(\.[0-9]+)?$/.test(value) ? Number(value) : Number.NaN;
    if (
      !metric ||
      !metricNames.includes(metric) ||
      value === undefined ||
      value === "" ||
      !(n >= 0 && n <= 1)
    ) {
      throw new UserError({
        code: ErrorCode.Usage,
        message: `--fail-under takes metric=value with a metric among ${metricNames.join(", ")} and a value in [0, 1]; got "${part}"`,
        path: "--fail-under",
      });
    }
    out[metric] = n;
  }
  return out;
}
