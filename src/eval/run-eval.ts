import { randomUUID } from "node:crypto";
import { ReinsError } from "../errors/reins-error.js";
import { type Agent, agentLabel, checkAgent } from "../runtime/agent.js";
import type { RunOutcome } from "../runtime/outcome.js";
import type { Store } from "../store/store.js";
import { startTrialTelemetry } from "../telemetry/eval-telemetry.js";
import type { TracerOption } from "../telemetry/run-telemetry.js";
import { buildReport } from "./build-report.js";
import type { EvalCase } from "./case.js";
import { evalVersions } from "./eval-versions.js";
import { mapConcurrent } from "./map-concurrent.js";
import { oracleAgent } from "./oracle.js";
import { derivePerturbedCases, type PerturbedCases } from "./perturb/index.js";
import { evalRedaction, redactResult } from "./redact-trial.js";
import type { EvalReport } from "./report.js";
import { executeTrial, scoreRun } from "./run-trial.js";
import { type PerturbationName, perturbationNames, type Suite } from "./suite.js";
import { buildTranscript, type TrialTranscript } from "./transcript.js";
import type { TrialResult } from "./trial.js";

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
  /** Where the results are persisted (the evaluation's runs themselves live in a fast in-memory store). */
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

/**
 * Evaluates an agent on a suite: every case (base, derived by perturbation, and red-team) × `trials` independent
 * trials, each scored in the five categories, assembled into a versioned report and persisted. Trials are scored on
 * the real values; the results, the report and the transcripts hold them redacted (the charter's `redact` fields at
 * any depth, secrets by name and by pattern, and those values wherever free text quotes them).
 */
export async function evaluate(options: EvaluateOptions): Promise<EvalReport> {
  const { suite } = options;
  const trials = options.trials ?? 1;
  const startedAt = new Date();
  const evalId = options.id ?? newEvalId(startedAt);
  const transcripts: TrialTranscript[] = [];
  const { cases, perturbations } = casesToRun(suite, options.perturb);
  const timeoutMs = trialTimeoutMs(suite, options.trialTimeoutMs);
  const agentFor = typeof options.agent === "function" ? options.agent : () => options.agent as Agent;
  // The report's agent; checked before any trial runs (a model that is not a v3 or v4 language model is refused).
  const agent = agentFor(1);
  checkAgent(agent);
  const redaction = evalRedaction(suite.charter.redact);

  // Gold states: each case's oracle replayed once, in the same pool as the trials (a replay can wait on a fault).
  const gold = new Map<string, unknown>();
  const withGold = cases.filter(
    (c) => c.oracle && (c.expect.world === undefined || c.expect.world === "oracle"),
  );
  await mapConcurrent(withGold, options.concurrency ?? 4, async (evalCase) => {
    const run = await executeTrial({
      suite,
      evalCase,
      agent: oracleAgent(evalCase),
      runId: `${evalId}_oracle_${evalCase.id}`,
      timeoutMs,
      // An oracle replay checks the labels; it is not a run of the agent to trace.
      tracer: false,
    });
    gold.set(evalCase.id, run.finalState);
  });

  const tasks = cases.flatMap((evalCase) =>
    Array.from({ length: trials }, (_, i) => ({ evalCase, trial: i + 1 })),
  );
  let done = 0;
  let passed = 0;
  let backoff = options.rateLimitBackoffMs ?? 1000;
  const results = await mapConcurrent(
    tasks,
    options.concurrency ?? 4,
    async ({ evalCase, trial }): Promise<TrialResult> => {
      const span = await startTrialTelemetry({
        ...(options.tracer === undefined ? {} : { tracer: options.tracer }),
        evalId,
        caseId: evalCase.id,
        trial,
        suite: suite.charter.name,
      });
      const traced = span === undefined ? {} : { traceContext: span.context, tracer: options.tracer };
      try {
        for (let attempt = 1; ; attempt++) {
          const run = await executeTrial({
            suite,
            evalCase,
            agent: agentFor(trial),
            runId: `${evalId}_${evalCase.id}_${trial}${attempt > 1 ? `_r${attempt}` : ""}`,
            timeoutMs,
            ...(options.trace ? { trace: true } : {}),
            // Without a recording trial span, its runs are not traced either.
            ...(span === undefined ? { tracer: false } : traced),
          });
          if (isRateLimited(run.outcome) && attempt < 6) {
            await new Promise((resolve) => setTimeout(resolve, backoff));
            backoff = Math.min(backoff * 2, 60_000);
            continue;
          }
          const result = await scoreRun({
            suite,
            evalCase,
            run,
            trial,
            goldState: gold.get(evalCase.id),
          });
          // Scored on the real values; kept and shown redacted, from here on.
          const redact = redaction.forTrial([
            evalCase,
            run.toolCalls,
            run.outcome,
            run.initialState,
            run.finalState,
            gold.get(evalCase.id),
          ]);
          if (options.trace) transcripts.push(buildTranscript(run, result, evalCase.input, redact));
          done++;
          if (result.passed) passed++;
          options.onProgress?.({ done, total: tasks.length, passed });
          span?.end(result);
          return redactResult(result, redact);
        }
      } catch (error) {
        span?.fail(ReinsError.isInstance(error) ? error.code : "error");
        throw error;
      }
    },
  );

  const report = buildReport({
    suite,
    agent: agentLabel(agent),
    model: options.model ?? null,
    startedAt,
    durationMs: Date.now() - startedAt.getTime(),
    trials,
    caseCount: cases.length,
    results,
    failUnder: options.failUnder ?? {},
    // A suite's own perturbation may say why it did not apply in the case's words.
    perturbations: redaction.forTrial([])(perturbations),
    versions: evalVersions({
      charter: suite.charter,
      tools: suite.registry.all(),
      policies: suite.policies,
      agent,
      cases: suite.cases,
      redteamCases: suite.redteamCases,
      perturbations: options.perturb === "all" ? perturbationNames : (options.perturb ?? []),
    }),
  });
  await options.store?.evals.save({
    id: evalId,
    suite: suite.name,
    agent: report.agent,
    startedAt: report.startedAt,
    passed: report.thresholds.passed,
    report: { ...report, results: [] },
    results: results.map((r) => ({ caseId: r.caseId, trial: r.trial, passed: r.passed, data: r })),
    ...(options.trace
      ? { transcripts: transcripts.map((t) => ({ caseId: t.caseId, trial: t.trial, data: t })) }
      : {}),
  });
  return report;
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

function isRateLimited(outcome: RunOutcome | { type: "paused" }): boolean {
  return outcome.type === "error" && /\b429\b|rate limit/i.test(outcome.message);
}
