import { ReinsError } from "../errors/reins-error.js";
import type { Agent } from "../runtime/agent.js";
import type { RunOutcome } from "../runtime/outcome.js";
import { startTrialTelemetry, type TrialTelemetry } from "../telemetry/eval-telemetry.js";
import type { TracerOption } from "../telemetry/run-telemetry.js";
import type { EvalCase } from "./case.js";
import { oracleAgent } from "./oracle.js";
import { evalRedaction, redactResult } from "./redact-trial.js";
import { executeTrial, scoreRun } from "./run-trial.js";
import type { Suite } from "./suite.js";
import { buildTranscript, type TrialTranscript } from "./transcript.js";
import type { TrialResult } from "./trial.js";

/** What every trial of one evaluation shares, in the process that runs it (`evaluate`, or a queue worker). */
export interface TrialSetting {
  suite: Suite;
  evalId: string;
  /** Each trial's run limit, in ms (`trialTimeoutMs`). */
  timeoutMs: number;
  /** Keep each trial's transcript (redacted). */
  trace: boolean;
  /** The charter's redaction, made once per evaluation. */
  redaction: ReturnType<typeof evalRedaction>;
  /** The wait after a provider's rate limit (429), shared by the process's trials and doubled each time, in ms. */
  backoff: { ms: number };
  /** Where the trials' OpenTelemetry spans go (`EvaluateOptions.tracer`); undefined: the global SDK's, if any. */
  tracer?: TracerOption;
}

/** The setting of an evaluation's trials. */
export function trialSetting(options: {
  suite: Suite;
  evalId: string;
  timeoutMs: number;
  trace?: boolean;
  rateLimitBackoffMs?: number;
  tracer?: TracerOption;
}): TrialSetting {
  return {
    ...(options.tracer === undefined ? {} : { tracer: options.tracer }),
    suite: options.suite,
    evalId: options.evalId,
    timeoutMs: options.timeoutMs,
    trace: options.trace ?? false,
    redaction: evalRedaction(options.suite.charter.redact),
    backoff: { ms: options.rateLimitBackoffMs ?? 1000 },
  };
}

/** Whether a case is scored against a gold state: the world its oracle leaves. */
export function hasGoldState(evalCase: EvalCase): boolean {
  return (
    Boolean(evalCase.oracle) && (evalCase.expect.world === undefined || evalCase.expect.world === "oracle")
  );
}

/** The gold state of a case: its oracle replayed once, like a trial (a replay can wait on a fault). */
export async function replayGoldState(setting: TrialSetting, evalCase: EvalCase): Promise<unknown> {
  const run = await executeTrial({
    suite: setting.suite,
    evalCase,
    agent: oracleAgent(evalCase),
    runId: `${setting.evalId}_oracle_${evalCase.id}`,
    timeoutMs: setting.timeoutMs,
    // An oracle replay checks the labels; it is not a run of the agent to trace.
    tracer: false,
  });
  return run.finalState;
}

/**
 * Runs one trial of a case and scores it: the run (again, after a wait, when the provider rate-limited it), the five
 * scores against the case's labels and gold state, then the result (and, with `trace`, the transcript) redacted.
 * `evaluate` and a queue worker run every trial through here.
 */
export async function runTrialTask(
  setting: TrialSetting,
  task: { evalCase: EvalCase; trial: number; agent: Agent; goldState: unknown | undefined },
): Promise<{ result: TrialResult; transcript?: TrialTranscript }> {
  const { suite, evalId } = setting;
  const { evalCase, trial } = task;
  // An `eval_trial {case}` span with the scores as `gen_ai.evaluation.result` events, and the trial's runs under it.
  const span = await startTrialTelemetry({
    ...(setting.tracer === undefined ? {} : { tracer: setting.tracer }),
    evalId,
    caseId: evalCase.id,
    trial,
    suite: suite.charter.name,
  });
  try {
    const done = await runAndScore(setting, task, span);
    span?.end(done.scored);
    return done.kept;
  } catch (error) {
    span?.fail(ReinsError.isInstance(error) ? error.code : "error");
    throw error;
  }
}

async function runAndScore(
  setting: TrialSetting,
  task: { evalCase: EvalCase; trial: number; agent: Agent; goldState: unknown | undefined },
  span: TrialTelemetry | undefined,
): Promise<{ scored: TrialResult; kept: { result: TrialResult; transcript?: TrialTranscript } }> {
  const { suite, evalId } = setting;
  const { evalCase, trial } = task;
  for (let attempt = 1; ; attempt++) {
    const run = await executeTrial({
      suite,
      evalCase,
      agent: task.agent,
      runId: `${evalId}_${evalCase.id}_${trial}${attempt > 1 ? `_r${attempt}` : ""}`,
      timeoutMs: setting.timeoutMs,
      ...(setting.trace ? { trace: true } : {}),
      // Without a recording trial span, its runs are not traced either.
      ...(span === undefined ? { tracer: false } : { traceContext: span.context, tracer: setting.tracer }),
    });
    if (isRateLimited(run.outcome) && attempt < 6) {
      await new Promise((resolve) => setTimeout(resolve, setting.backoff.ms));
      setting.backoff.ms = Math.min(setting.backoff.ms * 2, 60_000);
      continue;
    }
    const result = await scoreRun({ suite, evalCase, run, trial, goldState: task.goldState });
    // Scored on the real values; kept and shown redacted, from here on.
    const redact = setting.redaction.forTrial([
      evalCase,
      run.toolCalls,
      run.outcome,
      run.initialState,
      run.finalState,
      task.goldState,
    ]);
    return {
      scored: result,
      kept: {
        result: redactResult(result, redact),
        ...(setting.trace ? { transcript: buildTranscript(run, result, evalCase.input, redact) } : {}),
      },
    };
  }
}

function isRateLimited(outcome: RunOutcome | { type: "paused" }): boolean {
  return outcome.type === "error" && /\b429\b|rate limit/i.test(outcome.message);
}
