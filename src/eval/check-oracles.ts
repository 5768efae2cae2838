import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { oracleAgent } from "./oracle.js";
import type { PerturbationTally } from "./report.js";
import { casesToRun, trialTimeoutMs } from "./run-eval.js";
import { executeTrial, scoreRun } from "./run-trial.js";
import type { PerturbationName, Suite } from "./suite.js";
import type { TrialFailure } from "./trial.js";

export interface OracleCheck {
  /** Cases whose oracle was replayed. */
  checked: number;
  /** Cases without an oracle (not checked). */
  withoutOracle: string[];
  /** Broken labels: the oracle did not score full marks. */
  broken: { caseId: string; failures: TrialFailure[] }[];
  /** Per requested perturbation: derived, applied, not applicable and why (only the applied ones were replayed). */
  perturbations: Record<string, PerturbationTally>;
}

/**
 * Replays every case's oracle through the gate and the environment and scores it like any agent. A case whose
 * oracle does not score full marks has a broken label: it is reported before any agent is blamed.
 */
export async function checkOracles(options: {
  suite: Suite;
  perturb?: readonly PerturbationName[] | "all";
  /** Writes each case's final world state as JSON to `<dir>/<case id>.json`. */
  saveStatesDir?: string;
  onProgress?: (done: number, total: number) => void;
}): Promise<OracleCheck> {
  const { suite } = options;
  const { cases, perturbations } = casesToRun(suite, options.perturb);
  if (options.saveStatesDir) await mkdir(options.saveStatesDir, { recursive: true });
  const result: OracleCheck = { checked: 0, withoutOracle: [], broken: [], perturbations };
  for (const [index, evalCase] of cases.entries()) {
    options.onProgress?.(index, cases.length);
    if (!evalCase.oracle) {
      result.withoutOracle.push(evalCase.id);
      continue;
    }
    const run = await executeTrial({
      suite,
      evalCase,
      agent: oracleAgent(evalCase),
      runId: `check_${evalCase.id}`,
      timeoutMs: trialTimeoutMs(suite, undefined),
    });
    const scored = await scoreRun({
      suite,
      evalCase,
      run,
      trial: 1,
      goldState: run.finalState,
    });
    result.checked++;
    if (!scored.passed) result.broken.push({ caseId: evalCase.id, failures: scored.failures });
    if (options.saveStatesDir) {
      await writeFile(
        join(options.saveStatesDir, `${evalCase.id}.json`),
        `${JSON.stringify(run.finalState, null, 2)}\n`,
      );
    }
  }
  options.onProgress?.(cases.length, cases.length);
  return result;
}
