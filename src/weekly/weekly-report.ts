import type { Impact } from "../eval/case.js";
import { wilsonInterval } from "../stats/wilson-interval.js";
import type { AuditEvent, ReviewRecord, ReviewRootCause, RunRecord } from "../store/store.js";
import type { ReportPeriod } from "./period.js";
import type { WeeklyShadowReport } from "./read-shadow-report.js";

/** The impact weights of SPEC's error cost: each level counts twice the one below. */
export const weeklyImpactWeights: Readonly<Record<Impact, number>> = {
  low: 1,
  medium: 2,
  high: 4,
  critical: 8,
};

/**
 * The impact a failure without one of its own is counted at. A review's retraining priority is its impact (low, medium,
 * high); a review without a priority, and a run that ended in error (runs carry no impact), count as medium.
 */
export const unstatedImpact: Impact = "medium";

/**
 * Where a mistake came from, by the review's root cause (see the CLI reference): `data` → missing data; `prompt` and
 * `unclear_policy` → unclear instructions; `missing_tool` → tool changes; `model_limitation` → the model's limits; none
 * given → unattributed. A failed eval case also counts as a tool change when the eval's tool versions differ from the
 * previous eval of the same suite (reports with `versions`).
 */
export const rootCauseSources: Readonly<Record<ReviewRootCause, ErrorSource>> = {
  data: "missing data",
  prompt: "unclear instructions",
  unclear_policy: "unclear instructions",
  missing_tool: "tool changes",
  model_limitation: "model limits",
};

export type ErrorSource =
  | "missing data"
  | "unclear instructions"
  | "tool changes"
  | "model limits"
  | "unattributed";
export const errorSources: readonly ErrorSource[] = [
  "missing data",
  "unclear instructions",
  "tool changes",
  "model limits",
  "unattributed",
];

/** The shadow agreement's Wilson lower bound (95 %) below which a high-impact task stays with people. */
export const humanOwnedAgreement = 0.9;

/** One failed eval trial as the report reads it. */
export interface WeeklyEvalTrial {
  caseId: string;
  impact: Impact;
  passed: boolean;
  runId: string;
  /** The first failure's message, if any. */
  failure: string | null;
}

/** One eval of the period, with the tool versions of the previous eval of its suite (any time before). */
export interface WeeklyEval {
  id: string;
  suite: string;
  startedAt: string;
  results: WeeklyEvalTrial[];
  /** Tool name → card hash, when the report has `versions`; null otherwise. */
  tools: Record<string, string> | null;
  previous: { id: string; tools: Record<string, string> | null } | null;
}

/** Everything the weekly report is built from, already read (see `collectWeeklyInputs`). */
export interface WeeklyInputs {
  period: ReportPeriod;
  /** Runs created in the period. */
  runs: RunRecord[];
  /** Reviews created in the period, oldest first. */
  reviews: ReviewRecord[];
  /** The charter of each reviewed run, by run id (a review of a run not in the store has none). */
  runCharters: Record<string, string>;
  evals: WeeklyEval[];
  /** Workflow-level audit events (kill switch, autonomy) of the period, oldest first. */
  workflowEvents: AuditEvent[];
  shadowReports: WeeklyShadowReport[];
}

export interface FailureGroup {
  source: "eval" | "review" | "run-error";
  key: string;
  /** What failed, in words. */
  label: string;
  /** The highest impact among its occurrences. */
  impact: Impact;
  occurrences: number;
  /** Σ impact weight of its occurrences: the rank. */
  weight: number;
  /** Up to three run ids. */
  exampleRuns: string[];
  /** One occurrence's detail: an eval failure, a review's note, an error's message. */
  detail: string | null;
}

export interface MistakeCluster {
  errorType: string;
  rootCause: string;
  count: number;
  exampleRuns: string[];
}

export interface ErrorSourceCount {
  source: ErrorSource;
  /** Reviewed runs whose root cause maps here. */
  reviews: number;
  /** Failed eval cases (one per eval and case) after a tool change. */
  evalCases: number;
  exampleRuns: string[];
}

export interface ToolChange {
  suite: string;
  evalId: string;
  previousEvalId: string;
  /** Tools added, removed or changed. */
  tools: string[];
  failedCases: string[];
}

export interface HumanOwnedTask {
  charter: string;
  /** A decision option or `escalation:<reason>`; `*` for the charter as a whole. */
  task: string;
  n: number;
  agreed: number;
  wilsonLower: number;
  impact: Impact;
  file: string;
}

export interface WorkflowEventRow {
  at: string;
  charter: string;
  type: string;
  /** The reason, or who resumed it, or the event's data as JSON. */
  detail: string;
}

export interface AutonomySeen {
  charter: string;
  levels: { level: string; runs: number; first: string; last: string }[];
  changed: boolean;
}

export interface WeeklyReport {
  schemaVersion: 1;
  period: ReportPeriod;
  counts: {
    runs: number;
    reviews: number;
    evals: number;
    evalTrials: number;
    shadowReports: number;
    workflowEvents: number;
  };
  /** Nothing at all was recorded in the period: the report says so instead of showing zeros. */
  empty: boolean;
  topFailures: FailureGroup[];
  clusters: MistakeCluster[];
  errorSources: ErrorSourceCount[];
  toolChanges: ToolChange[];
  humanOwned: HumanOwnedTask[];
  killSwitch: WorkflowEventRow[];
  autonomy: {
    charters: AutonomySeen[];
    /**
     * `autonomy.*` audit events of the period (certificates: issue 14, item 6). Their format is another change's:
     * only their type, chain and time are read here, and their data shown as JSON.
     */
    certificates: WorkflowEventRow[];
  };
}

const impactOrder: readonly Impact[] = ["low", "medium", "high", "critical"];
const maxImpact = (a: Impact, b: Impact): Impact =>
  impactOrder.indexOf(a) >= impactOrder.indexOf(b) ? a : b;
const priorityImpact = (priority: ReviewRecord["retrainingPriority"]): Impact => priority ?? unstatedImpact;
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const killSwitchTypes = new Set(["workflow.paused", "workflow.flagged", "workflow.resumed"]);

/** The weekly report: a value, nothing read or written. */
export function buildWeeklyReport(inputs: WeeklyInputs): WeeklyReport {
  const verdicts = latestVerdicts(inputs.reviews);
  const mistakes = verdicts.filter((review) => review.outcome !== "approved");
  const toolChanges = findToolChanges(inputs.evals);
  const killSwitch = inputs.workflowEvents.filter((event) => killSwitchTypes.has(event.type)).map(eventRow);
  const certificates = inputs.workflowEvents
    .filter((event) => event.type.startsWith("autonomy."))
    .map(eventRow);
  const evalTrials = inputs.evals.reduce((sum, evaluation) => sum + evaluation.results.length, 0);
  const counts = {
    runs: inputs.runs.length,
    reviews: inputs.reviews.length,
    evals: inputs.evals.length,
    evalTrials,
    shadowReports: inputs.shadowReports.length,
    workflowEvents: inputs.workflowEvents.length,
  };
  return {
    schemaVersion: 1,
    period: inputs.period,
    counts,
    empty: Object.values(counts).every((count) => count === 0),
    topFailures: rankFailures(inputs, verdicts),
    clusters: clusterMistakes(mistakes),
    errorSources: countErrorSources(mistakes, toolChanges),
    toolChanges,
    humanOwned: humanOwnedTasks(inputs.shadowReports),
    killSwitch,
    autonomy: { charters: autonomySeen(inputs.runs), certificates },
  };
}

/** Each run's latest review (the ground truth `latest`): two reviewers of one run count once. */
function latestVerdicts(reviews: readonly ReviewRecord[]): ReviewRecord[] {
  const byRun = new Map<string, ReviewRecord>();
  for (const review of reviews) byRun.set(review.runId, review);
  return [...byRun.values()];
}

/**
 * Failures ranked by impact, not count: Σ weight (low 1, medium 2, high 4, critical 8) over the occurrences, then
 * occurrences, then key. Failed eval trials by suite and case (the case's impact); reviews whose latest verdict is
 * edited or rejected by charter and error type (their retraining priority); runs that ended in error by charter and
 * error code (medium).
 */
export function rankFailures(inputs: WeeklyInputs, verdicts: readonly ReviewRecord[]): FailureGroup[] {
  const groups = new Map<string, FailureGroup>();
  const add = (
    key: string,
    fresh: Omit<FailureGroup, "key" | "occurrences" | "weight" | "exampleRuns" | "impact">,
    impact: Impact,
    runId: string,
    detail: string | null,
  ) => {
    const group = groups.get(key) ?? { ...fresh, key, impact, occurrences: 0, weight: 0, exampleRuns: [] };
    group.occurrences += 1;
    group.weight += weeklyImpactWeights[impact];
    group.impact = maxImpact(group.impact, impact);
    if (group.exampleRuns.length < 3 && !group.exampleRuns.includes(runId)) group.exampleRuns.push(runId);
    if (group.detail === null && detail !== null) group.detail = detail;
    groups.set(key, group);
  };
  for (const evaluation of inputs.evals)
    for (const trial of evaluation.results)
      if (!trial.passed)
        add(
          `eval:${evaluation.suite}:${trial.caseId}`,
          { source: "eval", label: `eval ${evaluation.suite}: case ${trial.caseId} failed`, detail: null },
          trial.impact,
          trial.runId,
          trial.failure,
        );
  for (const review of verdicts) {
    if (review.outcome !== "edited" && review.outcome !== "rejected") continue;
    const charter = inputs.runCharters[review.runId] ?? "(run not in the store)";
    const errorType = review.errorType ?? "no error type";
    add(
      `review:${charter}:${errorType}`,
      {
        source: "review",
        label: `${charter}: runs ${review.outcome === "edited" ? "corrected" : "rejected"} in review (${errorType})`,
        detail: null,
      },
      priorityImpact(review.retrainingPriority),
      review.runId,
      review.note,
    );
  }
  for (const run of inputs.runs) {
    const outcome = run.outcome as { type?: string; code?: string; message?: string } | null;
    if (outcome?.type !== "error" && run.status !== "failed") continue;
    const code = outcome?.type === "error" ? (outcome.code ?? "error") : "failed";
    add(
      `run-error:${run.charter}:${code}`,
      { source: "run-error", label: `${run.charter}: runs ended in error ${code}`, detail: null },
      unstatedImpact,
      run.id,
      outcome?.type === "error" ? (outcome.message ?? null) : null,
    );
  }
  return [...groups.values()].sort(
    (a, b) => b.weight - a.weight || b.occurrences - a.occurrences || compareText(a.key, b.key),
  );
}

/** Mistakes (latest verdicts not approved, with an error type or root cause) by error type × root cause, most first. */
export function clusterMistakes(mistakes: readonly ReviewRecord[]): MistakeCluster[] {
  const clusters = new Map<string, MistakeCluster>();
  for (const review of mistakes) {
    if (review.errorType === null && review.rootCause === null) continue;
    const errorType = review.errorType ?? "unspecified";
    const rootCause = review.rootCause ?? "unspecified";
    const key = `${errorType}\u0000${rootCause}`;
    const cluster = clusters.get(key) ?? { errorType, rootCause, count: 0, exampleRuns: [] };
    cluster.count += 1;
    if (cluster.exampleRuns.length < 3) cluster.exampleRuns.push(review.runId);
    clusters.set(key, cluster);
  }
  return [...clusters.values()].sort(
    (a, b) =>
      b.count - a.count || compareText(a.errorType, b.errorType) || compareText(a.rootCause, b.rootCause),
  );
}

function countErrorSources(
  mistakes: readonly ReviewRecord[],
  toolChanges: readonly ToolChange[],
): ErrorSourceCount[] {
  const rows = new Map<ErrorSource, ErrorSourceCount>(
    errorSources.map((source) => [source, { source, reviews: 0, evalCases: 0, exampleRuns: [] }]),
  );
  for (const review of mistakes) {
    const row = rows.get(review.rootCause === null ? "unattributed" : rootCauseSources[review.rootCause]);
    if (!row) continue;
    row.reviews += 1;
    if (row.exampleRuns.length < 3) row.exampleRuns.push(review.runId);
  }
  const tools = rows.get("tool changes");
  if (tools) for (const change of toolChanges) tools.evalCases += change.failedCases.length;
  return [...rows.values()];
}

/** Evals of the period whose tool versions differ from their suite's previous eval, with the cases that failed. */
export function findToolChanges(evals: readonly WeeklyEval[]): ToolChange[] {
  const changes: ToolChange[] = [];
  for (const evaluation of evals) {
    const before = evaluation.previous;
    if (evaluation.tools === null || before === null || before.tools === null) continue;
    const names = [...new Set([...Object.keys(evaluation.tools), ...Object.keys(before.tools)])].sort(
      compareText,
    );
    const changed = names.filter((name) => evaluation.tools?.[name] !== before.tools?.[name]);
    if (changed.length === 0) continue;
    const failedCases = [
      ...new Set(evaluation.results.filter((trial) => !trial.passed).map((trial) => trial.caseId)),
    ].sort(compareText);
    changes.push({
      suite: evaluation.suite,
      evalId: evaluation.id,
      previousEvalId: before.id,
      tools: changed,
      failedCases,
    });
  }
  return changes;
}

/**
 * Tasks that should stay with people: per shadow report, each human class (decision option or escalation) and the
 * charter as a whole (`*`) whose agreement's 95 % Wilson lower bound is below 0.9 and whose decisions include one of
 * high or critical impact. Lowest bound first.
 */
export function humanOwnedTasks(reports: readonly WeeklyShadowReport[]): HumanOwnedTask[] {
  const tasks: HumanOwnedTask[] = [];
  for (const report of reports) {
    const byClass = new Map<string, WeeklyShadowReport["items"]>();
    for (const item of report.items)
      byClass.set(item.humanClass, [...(byClass.get(item.humanClass) ?? []), item]);
    const candidates: [string, WeeklyShadowReport["items"]][] = [["*", report.items], ...byClass];
    for (const [task, items] of candidates) {
      if (items.length === 0) continue;
      const agreed = items.filter((item) => item.agree).length;
      const wilsonLower = wilsonInterval(agreed, items.length, 0.95).lower;
      const impact = items.map((item) => item.impact).reduce(maxImpact);
      if (wilsonLower < humanOwnedAgreement && (impact === "high" || impact === "critical"))
        tasks.push({
          charter: report.charter.name,
          task,
          n: items.length,
          agreed,
          wilsonLower,
          impact,
          file: report.file,
        });
    }
  }
  return tasks.sort(
    (a, b) =>
      a.wilsonLower - b.wilsonLower || compareText(a.charter, b.charter) || compareText(a.task, b.task),
  );
}

/** The autonomy levels of the period's runs, per charter, in the order first seen. */
function autonomySeen(runs: readonly RunRecord[]): AutonomySeen[] {
  const byCharter = new Map<string, Map<string, AutonomySeen["levels"][number]>>();
  for (const run of [...runs].sort(
    (a, b) => compareText(a.createdAt, b.createdAt) || compareText(a.id, b.id),
  )) {
    const levels = byCharter.get(run.charter) ?? new Map();
    const level = levels.get(run.autonomy) ?? {
      level: run.autonomy,
      runs: 0,
      first: run.createdAt,
      last: run.createdAt,
    };
    level.runs += 1;
    level.last = run.createdAt;
    levels.set(run.autonomy, level);
    byCharter.set(run.charter, levels);
  }
  return [...byCharter]
    .sort(([a], [b]) => compareText(a, b))
    .map(([charter, levels]) => ({ charter, levels: [...levels.values()], changed: levels.size > 1 }));
}

function eventRow(event: AuditEvent): WorkflowEventRow {
  const data = event.data as { reason?: unknown; by?: unknown } | null;
  const detail =
    typeof data?.reason === "string"
      ? data.reason
      : typeof data?.by === "string"
        ? `by ${data.by}`
        : JSON.stringify(event.data ?? null);
  return {
    at: event.at,
    charter: event.runId.replace(/^(workflow|autonomy):/, ""),
    type: event.type,
    detail,
  };
}
