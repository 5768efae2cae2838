import type { Impact } from "../eval/case.js";
import type { Store } from "../store/store.js";
import type { ReportPeriod } from "./period.js";
import type { WeeklyShadowReport } from "./read-shadow-report.js";
import type { WeeklyEval, WeeklyEvalTrial, WeeklyInputs } from "./weekly-report.js";

const inPeriod = (at: string, period: ReportPeriod) => at >= period.since && at < period.until;
const impacts = new Set(["low", "medium", "high", "critical"]);

/**
 * Reads what the weekly report needs from the store: the period's runs, reviews and evals (each eval with its suite's
 * previous eval, for the tool versions), and the workflow-level audit events of the period (the chains that are not a
 * run's: kill switch, autonomy). Shadow reports come from files, already read. Times compare as ISO-8601 UTC text.
 */
export async function collectWeeklyInputs(
  store: Store,
  period: ReportPeriod,
  shadowReports: readonly WeeklyShadowReport[],
): Promise<WeeklyInputs> {
  const allRuns = await store.runs.list();
  // Oldest first (the store lists the most recent first).
  const runs = allRuns
    .filter((run) => inPeriod(run.createdAt, period))
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
  const runCharters = Object.fromEntries(allRuns.map((run) => [run.id, run.charter]));
  const reviews = (await store.reviews.list({ since: period.since })).filter((review) =>
    inPeriod(review.createdAt, period),
  );

  const summaries = [...(await store.evals.list({ status: "finished" }))].sort((a, b) =>
    a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : a.id < b.id ? -1 : 1,
  );
  const evals: WeeklyEval[] = [];
  const lastOfSuite = new Map<string, { id: string; tools: Record<string, string> | null }>();
  for (const summary of summaries) {
    if (summary.startedAt >= period.until) break;
    const report = (await store.evals.get(summary.id)) as StoredReport | undefined;
    const tools = toolVersions(report);
    if (inPeriod(summary.startedAt, period))
      evals.push({
        id: summary.id,
        suite: summary.suite,
        startedAt: summary.startedAt,
        // The trials are saved apart from the report (a saved report may leave its `results` out).
        results: trials((await store.evals.results(summary.id)).map((result) => result.data)),
        tools,
        previous: lastOfSuite.get(summary.suite) ?? null,
      });
    lastOfSuite.set(summary.suite, { id: summary.id, tools });
  }

  const runIds = new Set(allRuns.map((run) => run.id));
  const workflowEvents = [];
  // Workflow chains (`workflow:<charter>`) and any other chain that is not a run's: where the kill switch writes, and
  // where autonomy certificates may be written (issue 14, item 6: read whatever `autonomy.*` events exist).
  for (const chain of await store.audit.runIds()) {
    if (runIds.has(chain)) continue;
    for (const event of await store.audit.list(chain))
      if (
        inPeriod(event.at, period) &&
        (event.type.startsWith("workflow.") || event.type.startsWith("autonomy."))
      )
        workflowEvents.push(event);
  }
  workflowEvents.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return { period, runs, reviews, runCharters, evals, workflowEvents, shadowReports: [...shadowReports] };
}

interface StoredReport {
  versions?: { tools?: Record<string, string> };
}

interface StoredTrial {
  caseId?: unknown;
  impact?: unknown;
  passed?: unknown;
  runId?: unknown;
  failures?: { message?: unknown }[];
}

function toolVersions(report: StoredReport | undefined): Record<string, string> | null {
  const tools = report?.versions?.tools;
  return tools && typeof tools === "object" ? tools : null;
}

/** The saved trials; an entry of an unexpected shape is skipped, never guessed. */
function trials(saved: readonly unknown[]): WeeklyEvalTrial[] {
  const out: WeeklyEvalTrial[] = [];
  for (const entry of saved) {
    if (typeof entry !== "object" || entry === null) continue;
    const result = entry as StoredTrial;
    if (typeof result.caseId !== "string" || typeof result.passed !== "boolean") continue;
    const impact =
      typeof result.impact === "string" && impacts.has(result.impact) ? (result.impact as Impact) : "medium";
    const message = result.failures?.[0]?.message;
    out.push({
      caseId: result.caseId,
      impact,
      passed: result.passed,
      runId: typeof result.runId === "string" ? result.runId : "",
      failure: typeof message === "string" ? message : null,
    });
  }
  return out;
}

/**
 * `collectWeeklyInputs` without reading any table whole, for a server answering many times a day: the period's runs
 * and evals are read newest first by page from the period's end until its start, each suite's previous eval by one
 * query, the charters of reviewed runs by id, and the workflow chains (`workflow:<charter>`, where the kill switch
 * and promotions write) of the charters of the period's runs and of `charters`. It reads the same inputs as
 * `collectWeeklyInputs` except a workflow chain of a charter that neither ran in the period nor is named.
 */
export async function collectWeeklyInputsPaged(
  store: Store,
  period: ReportPeriod,
  shadowReports: readonly WeeklyShadowReport[],
  options: {
    /** Charters whose workflow chain is read even if none of their runs is in the period. */
    charters?: readonly string[];
    /** Rows read per query (default 500). */
    pageSize?: number;
  } = {},
): Promise<WeeklyInputs> {
  const pageSize = options.pageSize ?? 500;
  // An id of "" sorts before every id: the cursor starts at the period's end, that instant left out.
  const periodEnd = { id: "" };
  const runs: WeeklyInputs["runs"] = [];
  for (let before = { createdAt: period.until, ...periodEnd }; ; ) {
    const page = await store.runs.list({ limit: pageSize, before });
    runs.push(...page.filter((run) => inPeriod(run.createdAt, period)));
    const last = page.at(-1);
    if (last === undefined || page.length < pageSize || last.createdAt < period.since) break;
    before = { createdAt: last.createdAt, id: last.id };
  }
  runs.sort((a, b) =>
    a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1,
  );
  const reviews = (await store.reviews.list({ since: period.since })).filter((review) =>
    inPeriod(review.createdAt, period),
  );
  const runCharters: Record<string, string> = Object.fromEntries(runs.map((run) => [run.id, run.charter]));
  for (const runId of new Set(reviews.map((review) => review.runId))) {
    if (runId in runCharters) continue;
    const run = await store.runs.get(runId);
    if (run !== undefined) runCharters[runId] = run.charter;
  }

  const summaries: Awaited<ReturnType<Store["evals"]["list"]>> = [];
  for (let before = { startedAt: period.until, ...periodEnd }; ; ) {
    const page = await store.evals.list({ limit: pageSize, before });
    summaries.push(...page.filter((summary) => inPeriod(summary.startedAt, period)));
    const last = page.at(-1);
    if (last === undefined || page.length < pageSize || last.startedAt < period.since) break;
    before = { startedAt: last.startedAt, id: last.id };
  }
  summaries.reverse();
  const evals: WeeklyEval[] = [];
  const lastOfSuite = new Map<string, { id: string; tools: Record<string, string> | null } | null>();
  for (const summary of summaries) {
    if (!lastOfSuite.has(summary.suite)) {
      const [previous] = await store.evals.list({
        suite: summary.suite,
        limit: 1,
        before: { startedAt: summary.startedAt, id: summary.id },
      });
      lastOfSuite.set(
        summary.suite,
        previous === undefined
          ? null
          : {
              id: previous.id,
              tools: toolVersions((await store.evals.get(previous.id)) as StoredReport | undefined),
            },
      );
    }
    const tools = toolVersions((await store.evals.get(summary.id)) as StoredReport | undefined);
    evals.push({
      id: summary.id,
      suite: summary.suite,
      startedAt: summary.startedAt,
      results: trials((await store.evals.results(summary.id)).map((result) => result.data)),
      tools,
      previous: lastOfSuite.get(summary.suite) ?? null,
    });
    lastOfSuite.set(summary.suite, { id: summary.id, tools });
  }

  const charters = [...new Set([...runs.map((run) => run.charter), ...(options.charters ?? [])])].sort();
  const workflowEvents = [];
  for (const charter of charters)
    for (const event of await store.audit.list(`workflow:${charter}`))
      if (
        inPeriod(event.at, period) &&
        (event.type.startsWith("workflow.") || event.type.startsWith("autonomy."))
      )
        workflowEvents.push(event);
  workflowEvents.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return { period, runs, reviews, runCharters, evals, workflowEvents, shadowReports: [...shadowReports] };
}
