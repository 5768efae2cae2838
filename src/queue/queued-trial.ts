import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import type { EvalCase } from "../eval/case.js";
import { suiteVersions } from "../eval/eval-versions.js";
import { casesToRun, trialTimeoutMs } from "../eval/run-eval.js";
import type { Suite } from "../eval/suite.js";
import {
  hasGoldState,
  replayGoldState,
  runTrialTask,
  type TrialSetting,
  trialSetting,
} from "../eval/trial-task.js";
import type { Agent } from "../runtime/agent.js";
import {
  type EvalPlan,
  perturbationList,
  planPerturb,
  readEvalPlan,
  workflowDifferences,
  workflowHashes,
} from "./eval-plan.js";
import { type TrialJob, trialName } from "./trial-job.js";

/** One trial's result as a worker writes it (the store's `putResults` entry). */
export interface QueuedResult {
  caseId: string;
  perturbation: string;
  trial: number;
  passed: boolean;
  data: unknown;
  transcript?: unknown;
}

/** What a worker needs around the trial runner: the store, the suite loader, the agent. Effects at the edge. */
export interface QueuedTrialSources {
  /** The plan stored with the evaluation when it began, or undefined when the store has no such evaluation. */
  readPlan(evalId: string): Promise<unknown>;
  /** The suite the plan names, loaded here as the plan says (its options, its case selection). */
  loadSuite(plan: EvalPlan): Promise<Suite>;
  /** The agent of each trial, as the plan says (`--model`, or the suite's baseline). */
  agentFor(plan: EvalPlan, suite: Suite): Promise<(trial: number) => Agent>;
  /** Writes results, idempotent by key: resolves with how many were new. */
  putResults(evalId: string, results: QueuedResult[]): Promise<number>;
}

interface PreparedEval {
  plan: EvalPlan;
  setting: TrialSetting;
  cases: Map<string, EvalCase>;
  agentFor: (trial: number) => Agent;
  gold: Map<string, Promise<unknown>>;
}

/**
 * The runner of a worker's trial jobs. Each evaluation is prepared once per worker: its plan read, its suite loaded
 * and checked against the plan's workflow hashes (a folder that differs refuses every trial of it, naming what
 * differs), its gold states replayed as its cases come. Each trial then runs as `evaluate` runs it
 * (`runTrialTask`), and its result is written once by key.
 */
export function queuedTrialRunner(
  sources: QueuedTrialSources,
  limits: { evals?: number } = {},
): (job: TrialJob) => Promise<{ passed: boolean; written: boolean }> {
  const prepared = new Map<string, Promise<PreparedEval>>();
  const maxEvals = limits.evals ?? 4;
  const prepare = (evalId: string): Promise<PreparedEval> => {
    let entry = prepared.get(evalId);
    if (!entry) {
      entry = prepareEval(sources, evalId);
      prepared.set(evalId, entry);
      // A refusal (a folder that differs, a suite that does not load) stands; a failure of the store may pass.
      entry.catch((error: unknown) => {
        if (!UserError.isInstance(error)) prepared.delete(evalId);
      });
      // A worker serves evaluation after evaluation: the oldest prepared ones are dropped.
      while (prepared.size > maxEvals) prepared.delete(prepared.keys().next().value as string);
    }
    return entry;
  };
  return async (job) => {
    const ready = await prepare(job.evalId);
    const evalCase = ready.cases.get(job.caseId);
    if (
      !evalCase ||
      (evalCase.perturbation ?? "none") !== job.perturbation ||
      job.trial > ready.plan.trials
    ) {
      throw new UserError({
        code: ErrorCode.EvalNotFound,
        message: `evaluation ${job.evalId} has no ${trialName(job)} here (${ready.plan.trials} trials of ${ready.cases.size} cases)`,
      });
    }
    let gold: Promise<unknown> | undefined;
    if (hasGoldState(evalCase)) {
      gold = ready.gold.get(evalCase.id);
      if (!gold) {
        gold = replayGoldState(ready.setting, evalCase);
        ready.gold.set(evalCase.id, gold);
        gold.catch(() => ready.gold.delete(evalCase.id));
      }
    }
    const { result, transcript } = await runTrialTask(ready.setting, {
      evalCase,
      trial: job.trial,
      agent: ready.agentFor(job.trial),
      goldState: await gold,
    });
    const written = await sources.putResults(job.evalId, [
      {
        caseId: job.caseId,
        perturbation: job.perturbation,
        trial: job.trial,
        passed: result.passed,
        data: result,
        ...(transcript ? { transcript } : {}),
      },
    ]);
    return { passed: result.passed, written: written > 0 };
  };
}

async function prepareEval(sources: QueuedTrialSources, evalId: string): Promise<PreparedEval> {
  const plan = readEvalPlan(await sources.readPlan(evalId), evalId);
  const suite = await sources.loadSuite(plan);
  const agentFor = await sources.agentFor(plan, suite);
  const perturb = planPerturb(plan);
  const here = workflowHashes(suiteVersions(suite, agentFor(1), perturbationList(perturb)));
  const differences = workflowDifferences(plan.workflow, here);
  if (differences.length > 0) {
    throw new UserError({
      code: ErrorCode.WorkflowMismatch,
      message: `this worker's workflow folder ${plan.suitePath} differs from the one evaluation ${evalId} was planned on: ${differences.join("; ")}`,
      hint: "run the worker on a checkout of the same workflow (charter, instructions, tools, policies, cases) as the machine that started the eval",
    });
  }
  const { cases } = casesToRun(suite, perturb);
  return {
    plan,
    setting: trialSetting({
      suite,
      evalId,
      timeoutMs: trialTimeoutMs(suite, plan.trialTimeoutMs),
      trace: plan.trace,
    }),
    cases: new Map(cases.map((c) => [c.id, c])),
    agentFor,
    gold: new Map(),
  };
}
