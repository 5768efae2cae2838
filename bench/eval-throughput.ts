/**
 * Harness throughput against promptfoo, side by side in one run, each through its own CLI: `reins eval` evaluates
 * generated cases of a multi-step suite (3–4 gated tool calls each, all five scorers, results persisted in a SQLite
 * file, JSON and HTML reports written) with the suite's zero-latency function agent; `promptfoo eval` evaluates as
 * many echo-provider cases with two assertions each. Each runs in its own process, measured from outside (wall time
 * from spawn to exit, peak RSS from GNU time), interleaved run by run. Reins runs from the built package
 * (`npm run build` first), as `npx reins` does.
 *
 *   npm run bench -- eval-throughput [--cases 2000] [--trials 1] [--concurrency 4] [--runs 3] [--profile] [--save-profile <file>]
 *
 * With --profile, one more reins run is made under --cpu-prof and summarized (it does not count in the numbers).
 */
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { EvalReport } from "../src/eval/report.js";
import { openSqliteStore } from "../src/store/sqlite-store.js";
import { refundCases } from "./fixtures/throughput-suite/generate-cases.js";
import { positiveInt } from "./lib/args.js";
import { type CpuProfile, summarizeProfile } from "./lib/cpu-profile.js";
import { machineLine, median, round } from "./lib/machine.js";
import { type MeasuredProcess, requireGnuTime, runMeasured } from "./lib/measured-process.js";
import {
  type EchoCase,
  ensurePromptfoo,
  type PromptfooInstall,
  PromptfooSetupError,
  promptfooEnv,
  promptfooSummary,
  writePromptfooConfig,
} from "./lib/promptfoo.js";
import { table } from "./lib/samples.js";

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(benchDir, "..");
const suiteDir = join(benchDir, "fixtures", "throughput-suite");
const cli = join(repoRoot, "bin", "reins.js");

/** Issue targets: at least 10× promptfoo's cases per second, at no more than half its peak memory. */
const targetRatio = 10;
const targetMemoryShare = 0.5;

/** One measured process of either tool. */
interface Measurement {
  tool: "reins" | "promptfoo";
  run: number;
  /** Cases (promptfoo) or trials (reins) evaluated. */
  count: number;
  wallMs: number;
  peakRssMiB: number;
  perSecond: number;
  /** What the tool says of its own run: reins' `evaluate()` time, promptfoo's `Duration:` line. */
  inside: string;
}

/** The generated inputs, in both tools' formats: JSONL cases for reins, a promptfoo config of echo cases. */
function writeWorkload(dir: string, count: number): { reinsCases: string; promptfooConfig: string } {
  mkdirSync(dir, { recursive: true });
  const cases = refundCases(count);
  const reinsCases = join(dir, "cases.jsonl");
  writeFileSync(reinsCases, `${cases.map((c) => JSON.stringify(c)).join("\n")}\n`);
  const echoCases: EchoCase[] = cases.map((c) => {
    const { orderId, message } = c.input as { orderId: string; message: string };
    return {
      vars: { orderId, message },
      contains: orderId,
      equals: `Refund request for order ${orderId}: ${message}`,
    };
  });
  const promptfooConfig = join(dir, "promptfooconfig.yaml");
  writePromptfooConfig(promptfooConfig, echoCases);
  return { reinsCases, promptfooConfig };
}

function failure(what: string, measured: MeasuredProcess): Error {
  const output = `${measured.stdout}\n${measured.stderr}`.trim().split("\n").slice(-20).join("\n");
  return new Error(`${what} (exit code ${measured.exitCode}):\n${output}`);
}

/** What one `reins eval` run left behind, read back after it exited. */
interface ReinsRun {
  /** Trials in the JSON report, and how many passed. */
  trials: number;
  passed: number;
  /** Trial results in the SQLite file. */
  persisted: number;
  /** The evaluation's own duration, from the report. */
  durationMs: number;
}

async function runReins(options: {
  casesFile: string;
  dir: string;
  trials: number;
  expected: number;
  concurrency: number;
  nodeFlags?: string[];
}): Promise<{ measured: MeasuredProcess; result: ReinsRun }> {
  mkdirSync(options.dir, { recursive: true });
  const db = join(options.dir, "reins.db");
  const out = join(options.dir, "report.json");
  const measured = await runMeasured({
    command: process.execPath,
    args: [
      ...(options.nodeFlags ?? []),
      cli,
      "eval",
      suiteDir,
      "--trials",
      String(options.trials),
      "--concurrency",
      String(options.concurrency),
      "--store",
      db,
      "--out",
      out,
      "--html",
      join(options.dir, "report.html"),
    ],
    cwd: options.dir,
    // The bench suite reads its cases from the file this names (bench/fixtures/throughput-suite/suite.ts).
    env: { ...process.env, REINS_BENCH_CASES: options.casesFile },
  });
  if (measured.exitCode !== 0) throw failure("the reins evaluation failed", measured);
  const report = JSON.parse(readFileSync(out, "utf8")) as EvalReport;
  const store = await openSqliteStore({ path: db });
  let persisted = 0;
  try {
    const [saved] = await store.evals.list({ limit: 1 });
    persisted = saved ? (await store.evals.results(saved.id)).length : 0;
  } finally {
    await store.close();
  }
  const result: ReinsRun = {
    trials: report.results.length,
    passed: report.results.filter((r) => r.passed).length,
    persisted,
    durationMs: report.durationMs,
  };
  if (
    result.trials !== options.expected ||
    result.passed !== options.expected ||
    result.persisted !== options.expected
  ) {
    throw failure(
      `reins evaluated ${result.trials} trials, ${result.passed} passed, ${result.persisted} persisted; expected ${options.expected} of each`,
      measured,
    );
  }
  return { measured, result };
}

async function runPromptfoo(options: {
  install: PromptfooInstall;
  config: string;
  dir: string;
  expected: number;
  concurrency: number;
}): Promise<MeasuredProcess> {
  const measured = await runMeasured({
    command: options.install.node,
    args: [
      options.install.cli,
      "eval",
      "-c",
      options.config,
      "--no-cache",
      "--no-progress-bar",
      "--no-table",
      "--max-concurrency",
      String(options.concurrency),
    ],
    cwd: options.dir,
    env: promptfooEnv(join(options.dir, "home")),
  });
  const summary = promptfooSummary(measured.stdout);
  if (measured.exitCode !== 0 || summary.passed !== options.expected) {
    throw failure(
      `promptfoo passed ${summary.passed} of ${options.expected} cases (${summary.failed} failed, ${summary.errors} errors)`,
      measured,
    );
  }
  return measured;
}

const fmt = (value: number, digits = 0) => value.toFixed(digits);

function measurementOf(
  tool: Measurement["tool"],
  run: number,
  count: number,
  measured: MeasuredProcess,
  inside: string,
): Measurement {
  const { wallMs, peakRssMiB } = measured;
  return { tool, run, count, wallMs, peakRssMiB, perSecond: count / (wallMs / 1000), inside };
}

/** Runs the comparison and prints the per-run table, the medians against the targets, then one JSON line. */
export async function main(args: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      cases: { type: "string" },
      trials: { type: "string" },
      concurrency: { type: "string" },
      runs: { type: "string" },
      profile: { type: "boolean", default: false },
      "save-profile": { type: "string" },
    },
  });
  const flag = (name: string, value: string | undefined, fallback: number) =>
    positiveInt({ bench: "eval-throughput", name, value, fallback });
  const caseCount = flag("cases", values.cases, 2000);
  const trials = flag("trials", values.trials, 1);
  const concurrency = flag("concurrency", values.concurrency, 4);
  const runs = flag("runs", values.runs, 3);
  const trialCount = caseCount * trials;
  requireGnuTime("eval-throughput");

  let install: PromptfooInstall;
  try {
    install = ensurePromptfoo((line) => console.log(line));
  } catch (error) {
    if (!(error instanceof PromptfooSetupError)) throw error;
    console.error(
      `eval-throughput: cannot set up promptfoo, so there is nothing to compare with.\n${error.message}`,
    );
    process.exitCode = 1;
    return;
  }

  const work = mkdtempSync(join(tmpdir(), "reins-bench-throughput-"));
  try {
    const workload = writeWorkload(join(work, "input"), caseCount);
    const warmup = writeWorkload(join(work, "warmup"), 20);
    console.log(
      `eval-throughput: \`reins eval\` (built CLI) ${caseCount} cases × ${trials} trial${trials === 1 ? "" : "s"} (suite refund-triage: 3–4 gated tool calls per trial, ` +
        `function agent, five scorers, results saved to a SQLite file, JSON and HTML reports written) vs \`promptfoo eval\` ${install.version} ` +
        `${trialCount} echo cases × 2 assertions (results saved to its own database); concurrency ${concurrency} for both; ` +
        `${runs} interleaved runs each after one 20-case warm-up; each run a fresh process measured from spawn to exit`,
    );
    console.log(`${machineLine()}; promptfoo on node ${install.nodeVersion}\n`);

    await runReins({
      casesFile: warmup.reinsCases,
      dir: join(work, "warm-reins"),
      trials: 1,
      expected: 20,
      concurrency,
    });
    await runPromptfoo({
      install,
      config: warmup.promptfooConfig,
      dir: join(work, "warm-promptfoo"),
      expected: 20,
      concurrency,
    });

    const measurements: Measurement[] = [];
    const promptfooWorkload =
      trials === 1 ? workload : writeWorkload(join(work, "promptfoo-input"), trialCount);
    for (let run = 1; run <= runs; run++) {
      const order = run % 2 === 1 ? (["promptfoo", "reins"] as const) : (["reins", "promptfoo"] as const);
      for (const tool of order) {
        const dir = join(work, `${tool}-${run}`);
        if (tool === "reins") {
          const { measured, result } = await runReins({
            casesFile: workload.reinsCases,
            dir,
            trials,
            expected: trialCount,
            concurrency,
          });
          measurements.push(
            measurementOf(tool, run, trialCount, measured, `evaluate() ${fmt(result.durationMs)} ms`),
          );
        } else {
          const measured = await runPromptfoo({
            install,
            config: promptfooWorkload.promptfooConfig,
            dir,
            expected: trialCount,
            concurrency,
          });
          const duration = /Duration: [^\n]*/.exec(measured.stdout)?.[0] ?? "no duration line";
          measurements.push(measurementOf(tool, run, trialCount, measured, duration));
        }
        rmSync(dir, { recursive: true, force: true });
      }
    }

    console.log(
      table([
        ["run", "tool", "cases", "wall s", "cases/s", "peak RSS MiB", "as the tool reports it"],
        ...measurements.map((m) => [
          String(m.run),
          m.tool,
          String(m.count),
          fmt(m.wallMs / 1000, 2),
          fmt(m.perSecond, 1),
          fmt(m.peakRssMiB, 0),
          m.inside,
        ]),
      ]),
    );
    const of = (tool: Measurement["tool"], pick: (m: Measurement) => number) =>
      median(measurements.filter((m) => m.tool === tool).map(pick));
    const reinsPerSecond = of("reins", (m) => m.perSecond);
    const promptfooPerSecond = of("promptfoo", (m) => m.perSecond);
    const reinsPeakRssMiB = of("reins", (m) => m.peakRssMiB);
    const promptfooPeakRssMiB = of("promptfoo", (m) => m.peakRssMiB);
    const ratio = reinsPerSecond / promptfooPerSecond;
    const memoryShare = reinsPeakRssMiB / promptfooPeakRssMiB;
    console.log(
      `\nmedians: reins ${fmt(reinsPerSecond, 1)} cases/s at ${fmt(reinsPeakRssMiB)} MiB peak; ` +
        `promptfoo ${fmt(promptfooPerSecond, 1)} cases/s at ${fmt(promptfooPeakRssMiB)} MiB peak`,
    );
    console.log(
      `throughput: reins/promptfoo ${ratio.toFixed(2)}× (target ≥ ${targetRatio}×: ${ratio >= targetRatio ? "met" : "MISSED"}); ` +
        `peak memory: reins/promptfoo ${memoryShare.toFixed(2)} (target ≤ ${targetMemoryShare}: ${memoryShare <= targetMemoryShare ? "met" : "MISSED"})`,
    );

    if (values.profile || values["save-profile"] !== undefined) {
      const profileDir = join(work, "profile");
      await runReins({
        casesFile: workload.reinsCases,
        dir: join(work, "reins-profile"),
        trials,
        expected: trialCount,
        concurrency,
        nodeFlags: ["--cpu-prof", "--cpu-prof-dir", profileDir],
      });
      // The main thread's profile is the largest; the other is tsx's module-loader thread.
      const [main] = readdirSync(profileDir)
        .map((name) => join(profileDir, name))
        .sort((a, b) => statSync(b).size - statSync(a).size);
      const profile = JSON.parse(readFileSync(main as string, "utf8")) as CpuProfile;
      if (values["save-profile"]) {
        copyFileSync(main as string, values["save-profile"]);
        console.log(
          `\nCPU profile saved to ${values["save-profile"]} (open it in Chrome DevTools › Performance)`,
        );
      }
      console.log(
        `\nwhere a reins process spends its time (one extra, profiled run; not in the numbers above)`,
      );
      console.log(summarizeProfile(profile, { root: repoRoot, top: 15 }));
    }

    console.log(
      `\n${JSON.stringify({
        bench: "eval-throughput",
        reinsPerSecond: round(reinsPerSecond),
        promptfooPerSecond: round(promptfooPerSecond),
        ratio: round(ratio, 2),
        reinsPeakRssMiB: round(reinsPeakRssMiB),
        promptfooPeakRssMiB: round(promptfooPeakRssMiB),
      })}`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
