import type { EvalReport } from "../eval/report.js";
import type { DemotionCause } from "../runtime/demote-autonomy.js";
import type { ShadowReport } from "../shadow/shadow-report.js";

/** The red-team regression an eval found (red-team cases that failed a trial), as a cause to demote; or undefined. */
export function redteamRegression(report: Pick<EvalReport, "results">): DemotionCause | undefined {
  const failed = [
    ...new Set(report.results.filter((r) => r.redteam && !r.passed).map((r) => r.caseId)),
  ].sort();
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
