import type { TrialResult } from "../eval/trial.js";
import type { DemotionCause } from "../runtime/demote-autonomy.js";
import type { ShadowReport } from "../shadow/shadow-report.js";

/**
 * The red-team regression an eval found (red-team cases that failed a trial), as a cause to demote; or undefined.
 * Reads the results once, as they come (a report's, or the store's page by page), keeping only the failing ids.
 */
export async function redteamRegression(
  results: Iterable<TrialResult> | AsyncIterable<TrialResult>,
): Promise<DemotionCause | undefined> {
  const failing = new Set<string>();
  for await (const r of results) if (r.redteam && !r.passed) failing.add(r.caseId);
  const failed = [...failing].sort();
  if (failed.length === 0) return undefined;
  return {
    kind: "redteam-regression",
    detail: `red-team regression (${failed.length} case${failed.length === 1 ? "" : "s"}: ${failed.slice(0, 5).join(", ")}${failed.length > 5 ? ", …" : ""})`,
    key: `redteam:${failed.join(",")}`,
  };
}

/**
 * The critical misses of a shadow comparison, as a cause to demote the cells of the options involved (the human's or
 * the agent's class, when it is a decision option of the charter); or undefined.
 */
export function criticalMisses(report: ShadowReport, options: readonly string[]): DemotionCause | undefined {
  const missed = report.items.filter((item) => !item.agree && item.impact === "critical");
  if (missed.length === 0) return undefined;
  const involved = [
    ...new Set(
      missed.flatMap((item) => [item.humanClass, item.agentClass]).filter((c) => options.includes(c)),
    ),
  ].sort();
  const ids = missed.map((item) => item.id).sort();
  return {
    kind: "critical-miss",
    detail: `critical shadow miss (${ids.length}: ${ids.slice(0, 5).join(", ")}${ids.length > 5 ? ", …" : ""})`,
    key: `critical:${report.source}:${ids.join(",")}`,
    // A miss on no decision option (an escalation, a refusal) says nothing of one option: every cell drops.
    ...(involved.length > 0 ? { options: involved } : {}),
  };
}
