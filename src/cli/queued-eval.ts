import { isAbsolute, relative, resolve } from "node:path";
import type { AuditSink } from "../audit/audit-log.js";
import { ErrorCode } from "../errors/codes.js";
import { SystemError, UserError } from "../errors/reins-error.js";
import { impactWeights, reportFromTally } from "../eval/build-report.js";
import { suiteVersions } from "../eval/eval-versions.js";
import { evalRedaction } from "../eval/redact-trial.js";
import type { EvalReport } from "../eval/report.js";
import { addToTally, emptyTally, seedTally } from "../eval/report-tally.js";
import { casesToRun, newEvalId, storedResults, trialTimeoutMs } from "../eval/run-eval.js";
import type { CaseSelection } from "../eval/select-cases.js";
import type { PerturbationName, Suite } from "../eval/suite.js";
import {
  type EvalPlan,
  perturbationList,
  planPerturb,
  readEvalPlan,
  workflowDifferences,
  workflowHashes,
} from "../queue/eval-plan.js";
import { redactUrl } from "../queue/queue-url.js";
import { type TrialJob, trialKeyString, trialName } from "../queue/trial-job.js";
import { type FailedJob, openTrialQueue, type TrialQueue } from "../queue/trial-queue.js";
import { agentLabel } from "../runtime/agent.js";
import type { Store } from "../store/store.js";
import { type StoreOption, storePath, withStore } from "./cli-store.js";
import { evalAgent } from "./eval-agent.js";
import { printEvalOutcome, type ReportPaths } from "./eval-output.js";
import type { Io } from "./io.js";
import { progressBar } from "./progress.js";

/** What `reins eval --queue` runs with: the suite as loaded with the command's flags, and the flags. */
export interface QueuedEvalOptions {
  io: Io;
  url: string;
  store: StoreOption;
  /** The suite folder as typed. */
  target: string;
  /** `--job-timeout`, in seconds: each trial job's time limit. */
  jobTimeoutSeconds?: number;
}

/** Attempts after the first: a worker killed or a server restarted mid-trial costs one. */
const retryLimit = 4;
const retryDelaySeconds = 1;

/**
 * `reins eval <suite> --queue <url>`: plans the evaluation (saved with it in the store), puts one job per trial on
 * the queue, waits for workers to run them, then assembles and writes the report from the stored results.
 */
export async function runQueuedEval(
  options: QueuedEvalOptions & {
    suite: Suite;
    paths: ReportPaths;
    suiteOptions: Record<string, string>;
    selection: CaseSelection;
    trials: number;
    perturb: readonly PerturbationName[] | "all" | undefined;
    model: string | null;
    cache: boolean;
    trace: boolean;
    failUnder: Record<string, number>;
  },
): Promise<void> {
  const { io, suite } = options;
  await withStore(options.store, async ({ store, audit }) => {
    const agentFor = await evalAgent({ suite, model: options.model, cache: options.cache, store });
    const perturb = options.perturb === "all" ? "all" : [...(options.perturb ?? [])];
    const { cases } = casesToRun(suite, perturb);
    const versions = suiteVersions(suite, agentFor(1), perturbationList(perturb));
    const timeoutMs = trialTimeoutMs(suite, undefined);
    const plan: EvalPlan = {
      schemaVersion: 1,
      suitePath: workerPath(options.target),
      suiteName: suite.name,
      suiteOptions: options.suiteOptions,
      selection: {
        ...(options.selection.ids ? { ids: [...options.selection.ids] } : {}),
        ...(options.selection.tags ? { tags: [...options.selection.tags] } : {}),
        ...(options.selection.kinds ? { kinds: [...options.selection.kinds] } : {}),
      },
      trials: options.trials,
      perturb: perturb === "all" ? "all" : [...perturb],
      model: options.model,
      cache: options.cache,
      failUnder: options.failUnder,
      trace: options.trace,
      trialTimeoutMs: timeoutMs,
      job: {
        // Long enough for the case's gold replay and its trial, each within the trial limit.
        expireInSeconds: options.jobTimeoutSeconds ?? Math.ceil((2 * timeoutMs) / 1000) + 30,
        retryLimit,
        retryDelaySeconds,
      },
      workflow: workflowHashes(versions),
      caseCount: cases.length,
      total: cases.length * options.trials,
    };
    // The queue first: an unreachable server leaves no evaluation begun in the store.
    const queue = await openQueue(io, options.url);
    try {
      const evalId = newEvalId();
      const startedAt = new Date().toISOString();
      await store.evals.begin({
        id: evalId,
        suite: suite.name,
        agent: agentLabel(agentFor(1)),
        startedAt,
        plan,
      });
      await queue.enqueue(jobsOf(evalId, plan, suite), plan.job);
      await announce(io, queue, evalId);
      io.out(
        `eval ${evalId}: ${plan.total} trials queued on ${redactUrl(options.url)}; workers run them: ` +
          `reins worker --queue <url> --store ${storePath(options.store)}`,
      );
      await collect({ ...options, store, audit, queue, evalId, plan, suite, startedAt });
    } finally {
      await queue.close();
    }
  });
}

/**
 * `reins eval <suite> --queue <url> --collect <evalId>`: the evaluation's plan read back from the store, the suite
 * loaded as it says and checked against it; trials that have no result and no job (or whose job failed for good)
 * are queued again; then it waits and writes the report like the run that started it. A finished evaluation's
 * report is written again from the store.
 */
export async function collectQueuedEval(
  options: QueuedEvalOptions & {
    evalId: string;
    loadSuite(plan: EvalPlan): Promise<Suite>;
    /** The report files of a suite (checked writable). */
    pathsFor(suiteName: string): ReportPaths;
  },
): Promise<void> {
  const { io, evalId } = options;
  await withStore(options.store, async ({ store, audit }) => {
    const info = await store.evals.info(evalId);
    if (!info) {
      throw new UserError({
        code: ErrorCode.EvalNotFound,
        message: `no evaluation ${evalId} in the store ${storePath(options.store)}`,
        path: "--collect",
        hint: "the id is printed when the eval starts (eval <id>: … trials queued); pass the store it was started with (--store)",
      });
    }
    const plan = readEvalPlan(info.plan, evalId);
    const suite = await options.loadSuite(plan);
    const paths = options.pathsFor(suite.name);
    const agentFor = await evalAgent({ suite, model: plan.model, cache: plan.cache, store });
    const perturb = planPerturb(plan);
    const here = suiteVersions(suite, agentFor(1), perturbationList(perturb));
    const differences = workflowDifferences(plan.workflow, workflowHashes(here));
    if (differences.length > 0) {
      throw new UserError({
        code: ErrorCode.WorkflowMismatch,
        message: `${options.target} differs from the workflow evaluation ${evalId} was planned on: ${differences.join("; ")}`,
        file: options.target,
      });
    }
    if (info.status === "finished") {
      const report = (await store.evals.get(evalId)) as EvalReport;
      await printEvalOutcome({ io, report, evalId, suite, store, paths, trace: plan.trace, audit });
      return;
    }
    const queue = await openQueue(io, options.url);
    try {
      // Ids derived from the keys: a trial still queued is not added twice, one whose job failed for good retries.
      await queue.enqueue(jobsOf(evalId, plan, suite), plan.job);
      const done = new Set((await store.evals.completedKeys(evalId)).map((k) => trialKeyString(k)));
      const failed = (await queue.failures(evalId)).filter(
        (f) => !done.has(trialKeyString(f.data as TrialJob)),
      );
      await queue.retry(failed.map((f) => f.id));
      await announce(io, queue, evalId);
      io.out(
        `eval ${evalId}: ${done.size} of ${plan.total} trials done` +
          (failed.length > 0 ? `, ${failed.length} that had failed for good queued again` : ""),
      );
      await collect({
        ...options,
        paths,
        store,
        audit,
        queue,
        evalId,
        plan,
        suite,
        startedAt: info.startedAt,
      });
    } finally {
      await queue.close();
    }
  });
}

async function collect(options: {
  io: Io;
  store: Store;
  audit: AuditSink;
  queue: TrialQueue;
  evalId: string;
  plan: EvalPlan;
  suite: Suite;
  startedAt: string;
  paths: ReportPaths;
  url: string;
  target: string;
}): Promise<void> {
  const { io, store, evalId, plan, suite } = options;
  // What the report needs besides the results, made while the trials run rather than after the last one.
  const perturb = planPerturb(plan);
  const { cases, perturbations } = casesToRun(suite, perturb);
  const info = await store.evals.info(evalId);
  const agentFor = await evalAgent({ suite, model: plan.model, cache: plan.cache, store });
  const versions = suiteVersions(suite, agentFor(1), perturbationList(perturb));
  const failed = await awaitTrials(options);
  if (failed.length > 0) {
    const first = failed[0] as FailedJob;
    const mismatch = failed.some((f) => f.code === ErrorCode.WorkflowMismatch);
    const message =
      `evaluation ${evalId} cannot complete: ${failed.length} of ${plan.total} trials failed on every attempt; ` +
      `first, ${trialName(first.data as TrialJob)}: ${first.message} [${first.code}]. The results so far stay in the store.`;
    const hint = `fix what failed, then queue those trials again and collect: reins eval ${options.target} --queue <url> --collect ${evalId}`;
    throw mismatch
      ? new UserError({ code: ErrorCode.EvalIncomplete, message, hint })
      : new SystemError({ code: ErrorCode.EvalIncomplete, message: `${message} ${hint}` });
  }
  const started = new Date(options.startedAt);
  // The report from a tally of the stored results, read page by page, seeded in the cases' order as a local eval's.
  const tally = emptyTally();
  seedTally(tally, cases);
  for await (const result of storedResults(store, evalId)) addToTally(tally, result, impactWeights);
  const report = reportFromTally(
    {
      suite,
      agent: info?.agent ?? agentLabel(agentFor(1)),
      model: plan.model,
      startedAt: started,
      durationMs: Date.now() - started.getTime(),
      trials: plan.trials,
      caseCount: plan.caseCount,
      failUnder: plan.failUnder,
      // A suite's own perturbation may say why it did not apply in the case's words.
      perturbations: evalRedaction(suite.charter.redact).forTrial([])(perturbations),
      versions,
    },
    tally,
  );
  try {
    await store.evals.finish(evalId, {
      passed: report.thresholds.passed,
      report: { ...report, results: [] },
    });
  } catch (error) {
    // Another collector of the same evaluation finished it first: its report is the same one.
    if ((await store.evals.info(evalId))?.status !== "finished") throw error;
  }
  await printEvalOutcome({
    io,
    report,
    evalId,
    suite,
    store,
    paths: options.paths,
    trace: plan.trace,
    audit: options.audit,
  });
}

/**
 * Waits until every trial has a result, or the trials without one have all failed for good (which it returns),
 * showing progress. Neither the store nor the queue answering for a while (a server restart) ends the wait; no
 * result for longer than the stall limit does, with the evaluation left in the store to collect later.
 */
async function awaitTrials(options: {
  io: Io;
  store: Store;
  queue: TrialQueue;
  evalId: string;
  plan: EvalPlan;
  target: string;
}): Promise<FailedJob[]> {
  const { io, store, queue, evalId, plan } = options;
  const stallMs = Math.max(600_000, 2 * plan.job.expireInSeconds * 1000);
  const bar = progressBar(io, `eval ${plan.suiteName}`);
  let count = -1;
  let changed = Date.now();
  let failuresAsked = 0;
  let printed = { count: 0, at: Date.now() };
  try {
    for (;;) {
      const now = Date.now();
      let seen = count;
      try {
        seen = (await store.evals.info(evalId))?.resultCount ?? 0;
      } catch (error) {
        io.err(`store: ${(error as Error).message} (asking again)`);
      }
      if (seen !== count) {
        count = seen;
        changed = now;
        bar.update(count, plan.total);
        // Off a terminal, a plain line now and then, so a log shows how far it got.
        if (!io.isTty && (count - printed.count >= plan.total / 10 || now - printed.at >= 10_000)) {
          io.out(`eval ${plan.suiteName}: ${count}/${plan.total} trials done`);
          printed = { count, at: now };
        }
      }
      if (count >= plan.total) return [];
      if (now - failuresAsked >= 2000) {
        failuresAsked = now;
        try {
          const failures = await queue.failures(evalId);
          if (failures.length > 0) {
            const done = new Set((await store.evals.completedKeys(evalId)).map((k) => trialKeyString(k)));
            const open = failures.filter((f) => !done.has(trialKeyString(f.data as TrialJob)));
            if (open.length > 0 && done.size + open.length >= plan.total) return open;
          }
        } catch (error) {
          io.err(`queue: ${(error as Error).message} (asking again)`);
        }
      }
      if (now - changed > stallMs) {
        throw new SystemError({
          code: ErrorCode.EvalIncomplete,
          message:
            `evaluation ${evalId}: no trial ended for ${Math.round(stallMs / 60_000)} min (${Math.max(count, 0)} of ${plan.total} done); ` +
            `is a worker running (reins worker --queue <url>)? The eval stays queued: collect it later with ` +
            `reins eval ${options.target} --queue <url> --collect ${evalId}`,
        });
      }
      // Often: the report is written this soon after the last trial ends.
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    bar.end();
    if (!io.isTty && count !== printed.count)
      io.out(`eval ${plan.suiteName}: ${count}/${plan.total} trials done`);
  }
}

function jobsOf(evalId: string, plan: EvalPlan, suite: Suite): TrialJob[] {
  const perturb = planPerturb(plan);
  return casesToRun(suite, perturb).cases.flatMap((c) =>
    Array.from({ length: plan.trials }, (_, i) => ({
      schemaVersion: 1 as const,
      evalId,
      caseId: c.id,
      perturbation: c.perturbation ?? "none",
      trial: i + 1,
    })),
  );
}

/** Wakes the workers waiting on an empty queue; without it they find the jobs at their next poll. */
async function announce(io: Io, queue: TrialQueue, evalId: string): Promise<void> {
  try {
    await queue.announce(evalId);
  } catch (error) {
    io.err(
      `queue: could not announce the trials (${(error as Error).message}); workers find them when they next ask`,
    );
  }
}

async function openQueue(io: Io, url: string): Promise<TrialQueue> {
  return openTrialQueue({ url, onError: (error) => io.err(`queue: ${error.message} (reconnecting)`) });
}

/** The suite folder as workers open it: relative to the working folder when inside it, else absolute. */
function workerPath(target: string): string {
  const path = relative(process.cwd(), resolve(target));
  return path === "" ? "." : path.startsWith("..") || isAbsolute(path) ? resolve(target) : path;
}
