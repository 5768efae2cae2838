import { dirname, join, resolve } from "node:path";
import type { Command } from "commander";
import { ErrorCode } from "../../errors/codes.js";
import { UserError } from "../../errors/reins-error.js";
import { holdsNothingRedacted } from "../../eval/cacheable-answer.js";
import { planToResume } from "../../eval/eval-plan.js";
import { loadSuite } from "../../eval/load-suite.js";
import { parsePerturbList } from "../../eval/perturb/index.js";
import { formatSummary } from "../../eval/report/format-summary.js";
import { writeHtmlReport } from "../../eval/report/to-html.js";
import { writeJUnitXml } from "../../eval/report/to-junit.js";
import { writeReportJson } from "../../eval/report/write-json.js";
import { evaluate, newEvalId, storedResults } from "../../eval/run-eval.js";
import type { PerturbationName } from "../../eval/suite.js";
import type { TrialTranscript } from "../../eval/transcript.js";
import { checkWritable, streamUserFile } from "../../files/write-user-file.js";
import { cacheMiddleware } from "../../model/cache-middleware.js";
import { resolveModel } from "../../model/resolve-model.js";
import { type Agent, modelAgent } from "../../runtime/agent.js";
import type { Store } from "../../store/store.js";
import { storePath, withStore } from "../cli-store.js";
import { withFlags } from "../cli-terms.js";
import { ExitCode } from "../handle-error.js";
import { periodicHeapCollector } from "../heap-collector.js";
import type { Io } from "../io.js";
import { positiveInt } from "../positive-int.js";
import { evalProgress } from "../progress.js";
import { caseOption, kindOption, type SelectFlags, selectByFlags, tagOption } from "../select-flags.js";
import { suiteOptionsHelp, suiteOptionsOf } from "../suite-flags.js";

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
  resume?: string;
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
    .option(
      "--resume <evalId>",
      "complete an evaluation that was interrupted: run only its missing trials, with the options it began with",
    )
    .action(async (target: string, flags: EvalFlags, command: Command) => {
      const concurrency = positiveInt(flags.concurrency, "--concurrency", 1000);
      if (flags.resume !== undefined) refuseRunFlags(command);
      const reportsDir = join(dirname(storePath(flags)), "reports");
      const prepare = async (run: RunFlags) => {
        const suite = await selectByFlags(
          await loadSuite(target, { ...suiteOptionsOf(command), options: run.suiteOptions }),
          run.select,
        );
        const jsonPath = flags.out ?? join(reportsDir, `${suite.name}.json`);
        const htmlPath = flags.html ?? join(reportsDir, `${suite.name}.html`);
        // Before the eval runs: a report path that cannot be written is a usage error, not a failure after the work.
        checkWritable(jsonPath, { what: "JSON report", flag: "--out" });
        checkWritable(htmlPath, { what: "HTML report", flag: "--html" });
        if (flags.junit) checkWritable(flags.junit, { what: "JUnit report", flag: "--junit" });
        return { suite, jsonPath, htmlPath };
      };
      // A new evaluation checks its flags and loads its suite before the store opens; a resumed one reads them from
      // its plan in the store first.
      const given: RunFlags | undefined =
        flags.resume === undefined
          ? {
              model: flags.model,
              trials: positiveInt(flags.trials, "--trials", 1000),
              perturb: flags.perturb
                ? await withFlags({ perturb: "--perturb" }, () => parsePerturbList(flags.perturb as string))
                : undefined,
              failUnder: parseFailUnder(flags.failUnder),
              trace: flags.trace === true,
              select: { case: flags.case, tag: flags.tag, kind: flags.kind },
              suiteOptions: suiteOptionsOf(command).options ?? {},
            }
          : undefined;
      const prepared = given === undefined ? undefined : await prepare(given);
      await withStore(flags, async ({ store }) => {
        const resumed = flags.resume === undefined ? undefined : await resumedRun(store, flags.resume);
        const run = (resumed?.flags ?? given) as RunFlags;
        const { suite, jsonPath, htmlPath } = prepared ?? (await prepare(run));
        let agent: Agent | ((trial: number) => Agent);
        if (run.model) {
          const spec = run.model;
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
        const evalId = flags.resume ?? newEvalId();
        if (resumed !== undefined)
          io.out(`resuming ${evalId}: ${resumed.kept} of ${resumed.total} trials kept, the others run now`);
        const progress = evalProgress(io, `eval ${suite.name}`);
        const heap = periodicHeapCollector();
        const report = await evaluate({
          id: evalId,
          ...(run.trace ? { trace: true } : {}),
          suite,
          agent,
          model: run.model ?? null,
          trials: run.trials,
          ...(run.perturb ? { perturb: run.perturb } : {}),
          concurrency,
          store,
          failUnder: run.failUnder,
          ...(resumed === undefined ? {} : { resume: true }),
          keepResults: false,
          planCaller: { cli: { ...run, suite: resolve(target) } },
          onProgress: (p) => {
            progress.update(p.done, p.total, p.done - p.passed);
            heap.tick();
          },
        });
        progress.end();
        io.out(formatSummary(report, { color: io.isTty }), { styled: io.isTty });
        const skipped = suite.redteamNotRunnable ?? [];
        if (skipped.length > 0) {
          io.out(
            `${skipped.length} red-team case${skipped.length === 1 ? "" : "s"} not runnable, skipped (never a pass):`,
          );
          for (const c of skipped) io.out(`  ${c.id}: ${c.reason}`);
        }
        // Written from the store, one page of results at a time: the reports of any size fit in memory.
        const results = () => collecting(storedResults(store, evalId), heap);
        await streamUserFile(jsonPath, { what: "JSON report", flag: "--out" }, (write) =>
          writeReportJson(report, results(), write),
        );
        // The page embeds the transcripts of failed trials: a file cannot query the store.
        await streamUserFile(htmlPath, { what: "HTML report", flag: "--html" }, (write) =>
          writeHtmlReport(report, results, write, {
            evalId,
            ...(run.trace
              ? {
                  transcriptOf: async (caseId: string, trial: number) =>
                    (await store.evals.transcripts(evalId, { caseId, trial }))[0]?.data as
                      | TrialTranscript
                      | undefined,
                }
              : {}),
          }),
        );
        const written = [jsonPath, htmlPath];
        if (flags.junit) {
          await streamUserFile(flags.junit, { what: "JUnit report", flag: "--junit" }, (write) =>
            writeJUnitXml(report, results, write),
          );
          written.push(flags.junit);
        }
        io.out(`reports: ${written.join(", ")}`);
        io.out(
          run.trace
            ? `eval id: ${evalId} (transcripts kept: reins show ${evalId} <caseId> [--trial n])`
            : `eval id: ${evalId}`,
        );
        if (!report.thresholds.passed) io.setExitCode(ExitCode.Failed);
      });
    });
}

/** The results as they come, with the heap collected now and then (see `periodicHeapCollector`). */
async function* collecting<T>(results: AsyncIterable<T>, heap: { tick(): void }): AsyncGenerator<T> {
  for await (const result of results) {
    yield result;
    heap.tick();
  }
}

/** What an evaluation runs, from the flags or, on `--resume`, from its plan. */
interface RunFlags {
  model: string | undefined;
  trials: number;
  perturb: readonly PerturbationName[] | "all" | undefined;
  failUnder: Record<string, number>;
  trace: boolean;
  select: SelectFlags;
  suiteOptions: Record<string, string>;
}

/** Flags that say what an evaluation runs: a resumed one runs what it began with, from its plan. */
const runFlags = ["model", "trials", "perturb", "failUnder", "trace", "case", "tag", "kind"] as const;

function refuseRunFlags(command: Command): void {
  for (const name of runFlags) {
    if (command.getOptionValueSource(name) !== "cli") continue;
    const flag = `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    throw new UserError({
      code: ErrorCode.Usage,
      message: `${flag} cannot be given with --resume: an evaluation resumes with the options it began with`,
      path: flag,
      hint: `drop ${flag}`,
    });
  }
  if (command.args.length > 1)
    throw new UserError({
      code: ErrorCode.Usage,
      message: `suite options (${command.args.slice(1).join(" ")}) cannot be given with --resume: an evaluation resumes with the options it began with`,
      path: "--resume",
      hint: "drop them",
    });
}

/** The run flags an interrupted evaluation began with, read from its plan; refused when it cannot be resumed. */
async function resumedRun(
  store: Store,
  evalId: string,
): Promise<{ flags: RunFlags; kept: number; total: number }> {
  const info = await store.evals.info(evalId);
  if (info === undefined) {
    const recent = (await store.evals.list({ status: "running", limit: 5 })).map((summary) => summary.id);
    throw new UserError({
      code: ErrorCode.EvalNotResumable,
      message: `cannot resume evaluation ${evalId}: the store has no evaluation with that id`,
      path: "--resume",
      hint:
        recent.length > 0
          ? `unfinished evaluations in this store: ${recent.join(", ")}`
          : "this store has no unfinished evaluation (pass the store it ran with: --store)",
    });
  }
  const plan = planToResume(info);
  const cli = (plan.caller as { cli?: RunFlags }).cli;
  if (cli === undefined)
    throw new UserError({
      code: ErrorCode.EvalNotResumable,
      message: `cannot resume evaluation ${evalId}: it was not begun by \`reins eval\``,
      path: "--resume",
    });
  return { flags: cli, kept: info.resultCount, total: plan.total };
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
