import { evalReportSchema } from "../../eval/report/report-schema.js";
import type { EvalReport } from "../../eval/report.js";
import type { Store } from "../../store/store.js";

/** A stored evaluation read back as a report, or why it cannot be: stored rows are checked like report files. */
export type StoredReport =
  | { status: "ok"; report: EvalReport }
  | { status: "missing" }
  | { status: "invalid"; problems: string[] };

/** Problems listed before the rest are counted: a report of the wrong shape has one per result. */
const maxProblems = 10;

/**
 * Checks a stored report (and, when given, its trial results in place of the report's own `results`) against the
 * report schema. A report saved by `reins eval` keeps its results apart (`results: []` in the report).
 */
export function checkStoredReport(
  evalId: string,
  stored: unknown,
  results?: readonly unknown[],
): StoredReport {
  if (stored === undefined) return { status: "missing" };
  const value =
    results !== undefined && typeof stored === "object" && stored !== null
      ? { ...(stored as Record<string, unknown>), results }
      : stored;
  const parsed = evalReportSchema.safeParse(value, { reportInput: true });
  if (parsed.success) return { status: "ok", report: parsed.data };
  const problems = parsed.error.issues.map(
    (issue) =>
      `eval ${evalId}: ${issue.path.length === 0 ? "(report)" : issue.path.join(".")}: ${issue.message}`,
  );
  return {
    status: "invalid",
    problems:
      problems.length > maxProblems
        ? [...problems.slice(0, maxProblems), `… and ${problems.length - maxProblems} more problems`]
        : problems,
  };
}

/** One stored evaluation with all its trial results (what one report or a comparison needs). */
export async function readStoredReport(store: Store, evalId: string): Promise<StoredReport> {
  const stored = await store.evals.get(evalId);
  if (stored === undefined) return { status: "missing" };
  const results = (await store.evals.results(evalId)).map((result) => result.data);
  return checkStoredReport(evalId, stored, results);
}

/** One stored evaluation's report without its trial results (what the charts over time need). */
export async function readStoredSummary(store: Store, evalId: string): Promise<StoredReport> {
  return checkStoredReport(evalId, await store.evals.get(evalId), []);
}
