import type { EvalReport } from "reins";
import { passHatK, type TrialResult } from "reins/eval";
import type { Tau2Task } from "./tasks.js";

/** One trial's τ² reward: the product of its task's `reward_basis` components, or unscored. */
export type Tau2Reward = { reward: 0 | 1 } | { unscored: string };

/**
 * τ²'s reward for a trial, from the categories Reins scored: DB (`tau2Db`), COMMUNICATE (`communicateInfo`),
 * NL_ASSERTION (`nlAssertions`, when the task has assertions). A run that ended in an error or a pause is 0, as τ²
 * gives 0 to a simulation that did not end by the agent's or the user's stop. ENV_ASSERTION and ACTION are not
 * computed by this example (no retail task uses them): a basis naming them is unscored.
 */
export function tau2Reward(result: TrialResult, task: Tau2Task | undefined): Tau2Reward {
  if (result.outcome.type === "error" || result.outcome.type === "paused") return { reward: 0 };
  const criteria = task?.evaluation_criteria;
  if (!criteria) return { reward: 1 };
  let reward: 0 | 1 = 1;
  for (const basis of criteria.reward_basis) {
    if (basis === "DB") reward = result.scores.tau2Db === 1 ? reward : 0;
    else if (basis === "COMMUNICATE") reward = result.scores.communicateInfo === 1 ? reward : 0;
    else if (basis === "NL_ASSERTION") {
      if ((criteria.nl_assertions ?? []).length === 0) continue;
      const score = result.scores.nlAssertions;
      if (score === undefined) return { unscored: "NL assertions need a judge model (REINS_TAU2_JUDGE)" };
      reward = score === 1 ? reward : 0;
    } else return { unscored: `${basis} is not computed by this example` };
  }
  return { reward };
}

export interface Tau2Summary {
  /** Tasks whose every trial has a τ² reward. */
  scoredTasks: number;
  /** Tasks left out because a trial is unscored, with why. */
  unscored: { taskId: string; why: string }[];
  /** Mean reward over the scored trials (τ²'s avg_reward), or null when nothing is scored. */
  averageReward: number | null;
  /** pass^k over the scored tasks, for k = 1 … the fewest trials of a task (τ²'s pass_hat_ks). */
  passHatK: Record<string, number>;
}

/** τ²'s headline numbers from a Reins eval report of this suite: average reward and pass^k. */
export function tau2Summary(report: Pick<EvalReport, "results">, tasks: readonly Tau2Task[]): Tau2Summary {
  const byId = new Map(tasks.map((task) => [task.id, task]));
  const byTask = new Map<string, Tau2Reward[]>();
  for (const result of report.results) {
    if (result.perturbation !== null || result.redteam) continue;
    const rewards = byTask.get(result.caseId) ?? [];
    rewards.push(tau2Reward(result, byId.get(result.caseId)));
    byTask.set(result.caseId, rewards);
  }
  const unscored: Tau2Summary["unscored"] = [];
  const counts: { trials: number; successes: number }[] = [];
  let sum = 0;
  let trials = 0;
  for (const [taskId, rewards] of byTask) {
    const missing = rewards.find((r): r is { unscored: string } => "unscored" in r);
    if (missing) {
      unscored.push({ taskId, why: missing.unscored });
      continue;
    }
    const successes = rewards.filter((r) => "reward" in r && r.reward === 1).length;
    counts.push({ trials: rewards.length, successes });
    sum += successes;
    trials += rewards.length;
  }
  const maxK = counts.length === 0 ? 0 : Math.min(...counts.map((c) => c.trials));
  const passHat: Record<string, number> = {};
  for (let k = 1; k <= maxK; k++) passHat[String(k)] = passHatK(counts, k);
  return {
    scoredTasks: counts.length,
    unscored,
    averageReward: trials === 0 ? null : sum / trials,
    passHatK: passHat,
  };
}
