import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import type { EvalInfo } from "../store/store.js";
import { versionChanges } from "./report/compare-versions.js";
import type { EvalVersions } from "./report.js";
import type { PerturbationName } from "./suite.js";

/**
 * What an evaluation runs, recorded when it begins (`Store.evals.begin`), so that `--resume` (or a collector in
 * another process) can rebuild the run and check that the workflow did not change meanwhile. Versioned: readers
 * check `schemaVersion`.
 */
export interface EvalPlan {
  schemaVersion: 1;
  suite: string;
  /** The agent's label: `function:baseline`, `model:openai:gpt-4.1-mini`. */
  agent: string;
  /** The model spec, or null for a function agent. */
  model: string | null;
  trials: number;
  /** The perturbations asked for (`all`, or the names). */
  perturb: readonly PerturbationName[] | "all";
  failUnder: Record<string, number>;
  /** Whether transcripts are kept. */
  trace: boolean;
  /** Trials planned: every case (base, derived, red-team) × `trials`. */
  total: number;
  /** The versions of what the scores depend on: a resumed evaluation must find the same. */
  versions: EvalVersions;
  /** What the caller needs to rebuild the run, opaque here (the CLI records the suite folder and its case selection). */
  caller: Record<string, unknown>;
}

function notResumable(id: string, why: string, hint: string): UserError {
  return new UserError({
    code: ErrorCode.EvalNotResumable,
    message: `cannot resume evaluation ${id}: ${why}`,
    hint,
  });
}

/** The plan of an evaluation as stored, or a located error when it is not one this version reads. */
export function readPlan(info: EvalInfo): EvalPlan {
  const plan = info.plan as Partial<EvalPlan> | null;
  // A queued evaluation's plan (reins eval --queue) is the queue's own: its trials are run by workers.
  const queued = plan as { job?: unknown; suitePath?: unknown } | null;
  if (
    queued !== null &&
    typeof queued === "object" &&
    queued.job !== undefined &&
    typeof queued.suitePath === "string"
  )
    throw notResumable(
      info.id,
      "it was queued (reins eval --queue): workers run its trials",
      `take it up again with: reins eval ${queued.suitePath} --queue <url> --collect ${info.id}`,
    );
  if (plan === null || typeof plan !== "object" || plan.schemaVersion !== 1 || plan.versions === undefined)
    throw notResumable(
      info.id,
      "it was not begun by an evaluation that records its plan (saved whole, or by another version of Reins)",
      "run the evaluation again instead",
    );
  return plan as EvalPlan;
}

/** The plan of an evaluation to resume: refused when it is finished, or was not begun with a plan. */
export function planToResume(info: EvalInfo): EvalPlan {
  if (info.status === "finished")
    throw notResumable(
      info.id,
      `it is finished (${info.resultCount} results); nothing is left to run`,
      "its report was written when it finished; run the evaluation again for a new one",
    );
  return readPlan(info);
}

/**
 * Whether evaluation `info` can be resumed with what is loaded now: it must be running, and what its scores depend on
 * (charter, instructions, tools, policies, agent, cases and perturbations) unchanged since it began. Answers its plan.
 */
export function checkResumable(info: EvalInfo, now: { versions: EvalVersions; trials: number }): EvalPlan {
  const plan = planToResume(info);
  const changed = versionChanges(plan.versions, now.versions).map((change) => change.label);
  if (plan.trials !== now.trials) changed.push(`trials (${plan.trials} then, ${now.trials} now)`);
  if (changed.length > 0)
    throw notResumable(
      info.id,
      `the workflow changed since it began: ${changed.join(", ")} differ${changed.length === 1 ? "s" : ""} from its plan`,
      "restore the workflow as it was, or run a new evaluation",
    );
  return plan;
}
