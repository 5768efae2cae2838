import { join, resolve } from "node:path";
import type { Command } from "commander";
import { ErrorCode } from "../../errors/codes.js";
import { UserError } from "../../errors/reins-error.js";
import { planToResume } from "../../eval/eval-plan.js";
import { loadSuite } from "../../eval/load-suite.js";
import { parsePerturbList } from "../../eval/perturb/index.js";
import { evaluate, newEvalId } from "../../eval/run-eval.js";
import { selectCases } from "../../eval/select-cases.js";
import type { PerturbationName } from "../../eval/suite.js";
import { checkWritable } from "../../files/write-user-file.js";
import { checkQueueUrl } from "../../queue/queue-url.js";
import type { Store } from "../../store/store.js";
import { storeFolder, withStore } from "../cli-store.js";
import { withFlags } from "../cli-terms.js";
import { evalAgent } from "../eval-agent.js";
import { printEvalOutcome, type ReportPaths } from "../eval-output.js";
import { periodicHeapCollector } from "../heap-collector.js";
import type { Io } from "../io.js";
import { positiveInt } from "../positive-int.js";
import { evalProgress } from "../progress.js";
import { collectQueuedEval, runQueuedEval } from "../queued-eval.js";
import {
  caseOption,
  kindOption,
  type SelectFlags,
  selectByFlags,
  selectionOf,
  tagOption,
} from "../select-flags.js";
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
  queue?: string;
  collect?: string;
  jobTimeout?: string;
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
    .option(
      "--queue <url>",
      "run the trials on workers (reins worker) through a PostgreSQL queue: postgres://user:password@host:port/database",
    )
    .option(
      "--collect <evalId>",
      "with --queue: wait for a queued eval's remaining trials (queueing again those that failed for good), then write its report",
    )
    .option(
      "--job-timeout <seconds>",
      "with --queue: each trial's job time limit (default twice the trial limit + 30 s)",
    )
    .action(async (target: string, flags: EvalFlags, command: Command) => {
      // Flags are checked in the order the help lists them: --trials before --concurrency.
      if (flags.trials !== undefined) positiveInt(flags.trials, "--trials", 1000);
      const concurrency = positiveInt(flags.concurrency, "--concurrency", 1000);
      if (flags.resume !== undefined) refuseRunFlags(command);
      const reportsDir = join(storeFolder(flags), "reports");
      if (flags.queue !== undefined || flags.collect !== undefined || flags.jobTimeout !== undefined) {
        await queuedEval(io, target, flags, command, reportsDir);
        return;
      }
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
      await withStore(flags, async ({ store, audit }) => {
        const resumed = flags.resume === undefined ? undefined : await resumedRun(store, flags.resume);
        const run = (resumed?.flags ?? given) as RunFlags;
        const { suite, jsonPath, htmlPath } = prepared ?? (await prepare(run));
        const agent = await evalAgent({ suite, model: run.model ?? null, cache: flags.cache, store });
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
        const paths: ReportPaths = {
          json: jsonPath,
          html: htmlPath,
          ...(flags.junit ? { junit: flags.junit } : {}),
        };
        await printEvalOutcome({ io, report, evalId, suite, store, paths, trace: run.trace, audit, heap });
      });
    });
}

/** `reins eval --queue`: the trials run by workers; `--collect` takes a queued evaluation up again. */
async function queuedEval(
  io: Io,
  target: string,
  flags: EvalFlags,
  command: Command,
  reportsDir: string,
): Promise<void> {
  const usage = (message: string, path: string) => new UserError({ code: ErrorCode.Usage, message, path });
  if (flags.queue === undefined)
    throw usage(
      `${flags.collect ? "--collect" : "--job-timeout"} goes with --queue <url>`,
      flags.collect ? "--collect" : "--job-timeout",
    );
  if (flags.resume !== undefined)
    throw usage(
      "--resume is for a local evaluation; a queued one is taken up with --collect <evalId>",
      "--resume",
    );
  if (command.getOptionValueSource("concurrency") === "cli")
    throw usage(
      "with --queue, trials run on workers: give each its --concurrency (reins worker --concurrency n)",
      "--concurrency",
    );
  const url = checkQueueUrl(flags.queue);
  const jobTimeoutSeconds =
    flags.jobTimeout === undefined ? undefined : positiveInt(flags.jobTimeout, "--job-timeout", 86_000);
  const suiteFlags = suiteOptionsOf(command);
  const pathsFor = (suiteName: string): ReportPaths => {
    const paths: ReportPaths = {
      json: flags.out ?? join(reportsDir, `${suiteName}.json`),
      html: flags.html ?? join(reportsDir, `${suiteName}.html`),
      ...(flags.junit ? { junit: flags.junit } : {}),
    };
    // Before the eval runs: a report path that cannot be written is a usage error, not a failure after the work.
    checkWritable(paths.json, { what: "JSON report", flag: "--out" });
    checkWritable(paths.html, { what: "HTML report", flag: "--html" });
    if (paths.junit) checkWritable(paths.junit, { what: "JUnit report", flag: "--junit" });
    return paths;
  };
  if (flags.collect !== undefined) {
    refuseRunFlags(command, "--collect");
    await collectQueuedEval({
      io,
      url,
      store: flags,
      target,
      evalId: flags.collect,
      pathsFor,
      loadSuite: async (plan) =>
        selectCases(
          await loadSuite(target, {
            options: plan.suiteOptions,
            reservedOptions: suiteFlags.reservedOptions,
          }),
          plan.selection,
        ),
    });
    return;
  }
  const perturb = flags.perturb
    ? await withFlags({ perturb: "--perturb" }, () => parsePerturbList(flags.perturb as string))
    : undefined;
  const trials = positiveInt(flags.trials, "--trials", 1000);
  const failUnder = parseFailUnder(flags.failUnder);
  const suite = await selectByFlags(await loadSuite(target, suiteFlags), flags);
  await runQueuedEval({
    io,
    url,
    store: flags,
    target,
    paths: pathsFor(suite.name),
    ...(jobTimeoutSeconds === undefined ? {} : { jobTimeoutSeconds }),
    suite,
    suiteOptions: suiteFlags.options ? { ...suiteFlags.options } : {},
    selection: selectionOf(flags),
    trials,
    perturb,
    model: flags.model ?? null,
    cache: flags.cache,
    trace: flags.trace ?? false,
    failUnder,
  });
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

function refuseRunFlags(command: Command, by = "--resume"): void {
  for (const name of runFlags) {
    if (command.getOptionValueSource(name) !== "cli") continue;
    const flag = `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    throw new UserError({
      code: ErrorCode.Usage,
      message: `${flag} cannot be given with ${by}: an evaluation ${by === "--resume" ? "resumes" : "is collected"} with the options it began with`,
      path: flag,
      hint: `drop ${flag}`,
    });
  }
  if (command.args.length > 1)
    throw new UserError({
      code: ErrorCode.Usage,
      message: `suite options (${command.args.slice(1).join(" ")}) cannot be given with ${by}: an evaluation ${by === "--resume" ? "resumes" : "is collected"} with the options it began with`,
      path: by,
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
