import { randomUUID } from "node:crypto";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import { type Agent, agentLabel, checkAgent } from "../runtime/agent.js";
import type { Store } from "../store/store.js";
import type { TracerOption } from "../telemetry/run-telemetry.js";
import { impactWeights, reportFromTally } from "./build-report.js";
import type { EvalCase } from "./case.js";
import { checkResumable, type EvalPlan } from "./eval-plan.js";
import { suiteVersions } from "./eval-versions.js";
import { forEachConcurrent, mapConcurrent } from "./map-concurrent.js";
import { derivePerturbedCases, type PerturbedCases } from "./perturb/index.js";
import { evalRedaction } from "./redact-trial.js";
import type { EvalReport } from "./report.js";
import { addToTally, emptyTally, seedTally } from "./report-tally.js";
import { resultWriter } from "./result-writer.js";
import { type PerturbationName, perturbationNames, type Suite } from "./suite.js";
import type { TrialResult } from "./trial.js";
import { hasGoldState, replayGoldState, runTrialTask, trialSetting } from "./trial-task.js";

export interface EvalProgress {
  done: number;
  total: number;
  passed: number;
}

export interface EvaluateOptions {
  suite: Suite;
  /** The agent, or a factory per trial (e.g. a model wrapped with a per-trial response cache). */
  agent: Agent | ((trial: number) => Agent);
  /** The model spec for the report, or null for a function agent. */
  model?: string | null;
  /** Independent trials per case (default 1). */
  trials?: number;
  /** Perturbations to derive meaner cases with. */
  perturb?: readonly PerturbationName[] | "all";
  /** Trials in flight at once (default 4). */
  concurrency?: number;
  /**
   * Where the results are persisted, in batches as trials end (the evaluation's runs themselves live in a fast
   * in-memory store): an evaluation killed midway keeps what it finished, and `resume` completes it.
   */
  store?: Store;
  /** Extra thresholds, by metric (e.g. `{ taskSuccess: 0.9 }`), on top of the suite's. */
  failUnder?: Record<string, number>;
  onProgress?: (progress: EvalProgress) => void;
  /** Backoff after a provider rate limit (429): first wait, doubled each time (default 1 s). */
  rateLimitBackoffMs?: number;
  /** Keep each trial's transcript (redacted) and save it with the results (`reins show` reads it). */
  trace?: boolean;
  /** The id the evaluation is saved under (default: a new one, see `newEvalId`). */
  id?: string;
  /** How long one trial's run may take, in ms (default: the suite's `trialTimeoutMs`, see there). */
  trialTimeoutMs?: number;
  /**
   * Where the trials' OpenTelemetry spans go: an `eval_trial {case}` span per trial, with its scores as
   * `gen_ai.evaluation.result` events and its runs' spans under it. A tracer, or `false` for none; default the
   * globally registered OpenTelemetry SDK's, if any (see `RunAgentOptions.tracer`).
   */
  tracer?: TracerOption;
  /**
   * Complete the evaluation `id` already in `store` (begun, then interrupted): only the trials it has no result for
   * run, and the report covers them all. Refused (`REINS_EVAL_NOT_RESUMABLE`) when it is finished, or when what it
   * runs changed since it began (see `checkResumable`).
   */
  resume?: boolean;
  /**
   * Hold every result in the returned report's `results` (default true). With false the report's `results` is
   * empty and the results are only in `store` (read them back page by page, as `writeReportFiles` does): memory
   * then stays bounded by the number of cases, whatever the number of trials.
   */
  keepResults?: boolean;
  /** What the caller records in the evaluation's plan to rebuild the run later (see `EvalPlan.caller`). */
  planCaller?: Record<string, unknown>;
  /** Results per write to the store (default 250). */
  batchSize?: number;
}

/** The default time limit of a trial, when neither the eval, the suite nor the charter sets one: 2 min. */
export const defaultTrialTimeoutMs = 120_000;

/** A trial's time limit: the eval's, else the suite's, else the charter's run limit, else the default. */
export function trialTimeoutMs(suite: Suite, given: number | undefined): number {
  return given ?? suite.trialTimeoutMs ?? suite.charter.limits.runTimeoutMs ?? defaultTrialTimeoutMs;
}

/** A new evaluation id: `eval_<time base 36>_<6 hex>`, sortable by start time. */
export function newEvalId(at: Date = new Date()): string {
  return `eval_${at.getTime().toString(36)}_${randomUUID().slice(0, 6)}`;
}

/** A trial's key in the store: its case, its perturbation (`none` for a base case) and its trial number. */
export function resultKey(caseId: string, perturbation: string | null, trial: number): string {
  return JSON.stringify([caseId, perturbation ?? "none", trial]);
}

/** Results read from the store per page when an evaluation is resumed or its reports are written. */
export const resultPageSize = 500;

/**
 * Evaluates an agent on a suite: every case (base, derived by perturbation, and red-team) × `trials` independent
 * trials, each scored in the five categories, assembled into a versioned report and persisted. Trials are scored on
 * the real values; the results, the report and the transcripts hold them redacted (the charter's `redact` fields at
 * any depth, secrets by name and by pattern, and those values wherever free text quotes them), before anything is
 * stored. With a store, the evaluation is begun there with its plan, its results are written in batches as trials
 * end, and it is finished with its report.
 */
export async function evaluate(options: EvaluateOptions): Promise<EvalReport> {
  const { suite, store } = options;
  const trials = options.trials ?? 1;
  const keepResults = options.keepResults ?? true;
  const evalId = options.id ?? newEvalId();
  const { cases, perturbations } = casesToRun(suite, options.perturb);
  const timeoutMs = trialTimeoutMs(suite, options.trialTimeoutMs);
  const agentFor = typeof options.agent === "function" ? options.agent : () => options.agent as Agent;
  const redaction = evalRedaction(suite.charter.redact);
  // The report's agent; checked before any trial runs (a model that is not a v3 or v4 language model is refused).
  const agent = agentFor(1);
  checkAgent(agent);
  const versions = suiteVersions(
    suite,
    agent,
    options.perturb === "all" ? perturbationNames : (options.perturb ?? []),
  );
  const tasks = cases.flatMap((evalCase) =>
    Array.from({ length: trials }, (_, i) => ({ evalCase, trial: i + 1 })),
  );

  const tally = emptyTally();
  seedTally(tally, cases);
  const kept: TrialResult[] = [];
  let startedAt = new Date();
  let done = 0;
  let passed = 0;
  let toRun = tasks;
  if (options.resume) {
    if (store === undefined)
      throw new UserError({
        code: ErrorCode.Usage,
        message: "evaluate: `resume` needs the `store` the evaluation is in",
      });
    const info = await store.evals.info(evalId);
    if (info === undefined)
      throw new UserError({
        code: ErrorCode.EvalNotResumable,
        message: `cannot resume evaluation ${evalId}: the store has no evaluation with that id`,
        hint: "list the store's evaluations with `reins show`, or run a new evaluation",
      });
    checkResumable(info, { versions, trials });
    startedAt = new Date(info.startedAt);
    // What it finished is read back page by page: the tally is rebuilt, the trials it holds are not run again.
    const finished = new Set<string>();
    for await (const result of storedResults(store, evalId)) {
      finished.add(resultKey(result.caseId, result.perturbation, result.trial));
      addToTally(tally, result, impactWeights);
      if (keepResults) kept.push(result);
      done++;
      if (result.passed) passed++;
    }
    toRun = tasks.filter(
      (t) => !finished.has(resultKey(t.evalCase.id, t.evalCase.perturbation ?? null, t.trial)),
    );
  } else if (store !== undefined) {
    const plan: EvalPlan = {
      schemaVersion: 1,
      suite: suite.name,
      agent: agentLabel(agent),
      model: options.model ?? null,
      trials,
      perturb: options.perturb ?? [],
      failUnder: options.failUnder ?? {},
      trace: options.trace === true,
      total: tasks.length,
      versions,
      caller: options.planCaller ?? {},
    };
    await store.evals.begin({
      id: evalId,
      suite: suite.name,
      agent: plan.agent,
      startedAt: startedAt.toISOString(),
      plan,
    });
  }

  const setting = trialSetting({
    suite,
    evalId,
    timeoutMs,
    ...(options.trace ? { trace: true } : {}),
    ...(options.rateLimitBackoffMs === undefined ? {} : { rateLimitBackoffMs: options.rateLimitBackoffMs }),
    ...(options.tracer === undefined ? {} : { tracer: options.tracer }),
  });
  // Gold states: each case's oracle replayed once, in the same pool as the trials (a replay can wait on a fault);
  // only for the cases that still have trials to run.
  const gold = new Map<string, unknown>();
  const pendingCases = new Set(toRun.map((t) => t.evalCase));
  const withGold = cases.filter((c) => pendingCases.has(c) && hasGoldState(c));
  await mapConcurrent(withGold, options.concurrency ?? 4, async (evalCase) => {
    gold.set(evalCase.id, await replayGoldState(setting, evalCase));
  });

  const writer =
    store === undefined
      ? undefined
      : resultWriter({ store, evalId, ...(options.batchSize ? { batchSize: options.batchSize } : {}) });
  const inOrder: (TrialResult | undefined)[] = keepResults ? new Array(toRun.length) : [];
  options.onProgress?.({ done, total: tasks.length, passed });
  await forEachConcurrent(toRun, options.concurrency ?? 4, async ({ evalCase, trial }, index) => {
    const { result, transcript } = await runTrialTask(setting, {
      evalCase,
      trial,
      agent: agentFor(trial),
      goldState: gold.get(evalCase.id),
    });
    await writer?.add({
      caseId: result.caseId,
      perturbation: result.perturbation ?? "none",
      trial: result.trial,
      passed: result.passed,
      data: result,
      ...(transcript === undefined ? {} : { transcript }),
    });
    addToTally(tally, result, impactWeights);
    if (keepResults) inOrder[index] = result;
    done++;
    if (result.passed) passed++;
    options.onProgress?.({ done, total: tasks.length, passed });
    // A turn of the event loop after each trial: with a zero-latency agent and a synchronous store the whole
    // evaluation would otherwise run as one chain of promise callbacks, and timers, I/O and the garbage collector's
    // own tasks (which give freed memory back) would all wait for its end.
    await new Promise<void>((resolve) => setImmediate(resolve));
  });
  await writer?.flush();

  const report = reportFromTally(
    {
      suite,
      agent: agentLabel(agent),
      model: options.model ?? null,
      startedAt,
      durationMs: Date.now() - startedAt.getTime(),
      trials,
      caseCount: cases.length,
      failUnder: options.failUnder ?? {},
      // A suite's own perturbation may say why it did not apply in the case's words.
      perturbations: redaction.forTrial([])(perturbations),
      versions,
    },
    tally,
  );
  await store?.evals.finish(evalId, { passed: report.thresholds.passed, report });
  if (keepResults) {
    for (const result of inOrder) if (result !== undefined) kept.push(result);
    return { ...report, results: kept };
  }
  return report;
}

/** An evaluation's stored trial results (only one case's with `caseId`), read page by page in insertion order. */
export async function* storedResults(
  store: Store,
  evalId: string,
  filter: { caseId?: string } = {},
): AsyncGenerator<TrialResult> {
  let after: number | undefined;
  for (;;) {
    const page = await store.evals.resultPage(evalId, {
      limit: resultPageSize,
      ...filter,
      ...(after === undefined ? {} : { after }),
    });
    for (const record of page.results) yield record.data as TrialResult;
    if (page.next === null) return;
    after = page.next;
    // A turn of the event loop between pages, as between trials: on a synchronous store the reports would otherwise
    // be written as one chain of promise callbacks, and the garbage collector's own tasks would wait for its end.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Base cases, then their derived meaner cases, then the red-team library. */
export function allCases(suite: Suite, perturb: EvaluateOptions["perturb"]): EvalCase[] {
  return casesToRun(suite, perturb).cases;
}

/** {@link allCases}, with how each requested perturbation went (applied, not applicable and why). */
export function casesToRun(
  suite: Suite,
  perturb: EvaluateOptions["perturb"],
): { cases: EvalCase[]; perturbations: PerturbedCases["tally"] } {
  const derived: PerturbedCases =
    perturb && (perturb === "all" || perturb.length > 0)
      ? derivePerturbedCases(suite.cases, perturb, {
          charter: suite.charter,
          registry: suite.registry,
          ...(suite.perturbations ? { suiteRules: suite.perturbations } : {}),
          ...(suite.textField ? { textField: suite.textField } : {}),
        })
      : { cases: [], tally: {} };
  return { cases: [...suite.cases, ...derived.cases, ...suite.redteamCases], perturbations: derived.tally };
}
