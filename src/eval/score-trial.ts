import { dataAccuracy } from "./scorers/data-accuracy.js";
import { policyCompliance } from "./scorers/policy-compliance.js";
import { recovery } from "./scorers/recovery.js";
import { taskSuccess } from "./scorers/task-success.js";
import { toolCorrectness } from "./scorers/tool-correctness.js";
import type { Scorer, TrialContext, TrialFailure } from "./trial.js";

/** The five categories of SPEC §2, in report order. */
export const builtinScorers: readonly Scorer[] = [
  taskSuccess,
  toolCorrectness,
  dataAccuracy,
  policyCompliance,
  recovery,
];

/** Scores one trial in every category (built-in, then custom). A scorer that throws fails its category, loudly. */
export async function scoreTrial(
  trial: TrialContext,
  custom: readonly Scorer[] = [],
): Promise<{ scores: Record<string, number>; passed: boolean; failures: TrialFailure[] }> {
  const scores: Record<string, number> = {};
  const failures: TrialFailure[] = [];
  for (const scorer of [...builtinScorers, ...custom]) {
    let result: { passed: boolean; failures: string[] };
    try {
      result = await scorer.score(trial);
    } catch (error) {
      result = {
        passed: false,
        failures: [`scorer ${scorer.name} failed: ${error instanceof Error ? error.message : String(error)}`],
      };
    }
    scores[scorer.name] = result.passed ? 1 : 0;
    for (const message of result.failures) failures.push({ category: scorer.name, message });
  }
  return { scores, passed: Object.values(scores).every((s) => s === 1), failures };
}
