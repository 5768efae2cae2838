import { type AuditSink, appendAudit } from "../audit/audit-log.js";
import type { Charter } from "../charter/charter.js";
import type { ToolRegistry } from "../contract/tool-registry.js";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import { mergeJson } from "../eval/environment.js";
import type { PolicyRule } from "../policy/policy-rule.js";
import {
  latestComparison,
  type ShadowComparedData,
  shadowComparedEvent,
} from "../review/shadow-comparison.js";
import type { Agent } from "../runtime/agent.js";
import type { RunOutcome } from "../runtime/outcome.js";
import { runAgent } from "../runtime/run-agent.js";
import type { Store } from "../store/store.js";
import type { HumanDecision } from "./human-decisions.js";
import { buildShadowReport, type ShadowPair, type ShadowReport } from "./shadow-report.js";

/** The run id of the shadow run for human decision `id`. */
export function shadowRunId(id: string): string {
  return `shadow-${id}`;
}

export interface RunShadowOptions {
  charter: Charter;
  registry: ToolRegistry;
  policies?: readonly PolicyRule[];
  agent: Agent;
  store: Store;
  audit: AuditSink;
  /** The workflow's environment (`createEnv` of its tools module); each decision's `world` is merged onto a fresh one. */
  createEnv?: (() => unknown) | undefined;
  decisions: readonly HumanDecision[];
  /** The human-decisions file, for the report and for located errors. */
  source: string;
  /** Cancels the runs (each run in flight ends with an error outcome). */
  signal?: AbortSignal;
  /** Called before each run the agent makes (not for a recorded run read back). */
  onRun?: (decision: HumanDecision, index: number) => void;
}

export interface ShadowResult {
  report: ShadowReport;
  /** Run ids the agent ran now. */
  ran: string[];
  /** Run ids read back from the store (recorded by an earlier `reins shadow` on the same ids). */
  recorded: string[];
}

/**
 * Compares human decisions with the agent's, run in shadow autonomy on the same inputs: action tools are recorded,
 * never executed. Each decision's run is `shadow-<id>`: when the store already holds that run (of this charter, in
 * shadow autonomy, finished), it is read back instead of run again, so the same comparison on the same store costs
 * nothing and a recorded comparison can be re-reported; a run of that id that is not one (another charter, another
 * autonomy, still running) is refused, located at the decision's line. Each new run gets a fresh environment with
 * the decision's `world` merged over it, as an evaluation case's world is (objects by key; arrays and scalars
 * replace), and no kill switch: a comparison is not production traffic, and must neither pause the workflow nor be
 * refused because it is paused.
 */
export async function runShadow(options: RunShadowOptions): Promise<ShadowResult> {
  const { charter, store } = options;
  // Every recorded run is checked before any is started: a refused id must not leave half a comparison behind.
  const existing = new Map<string, { status: string; outcome: RunOutcome | null }>();
  for (const human of options.decisions) {
    const runId = shadowRunId(human.id);
    const run = await store.runs.get(runId);
    if (run === undefined) continue;
    const refuse = (why: string) =>
      new UserError({
        code: ErrorCode.RunInvalid,
        message: `run ${runId} (for decision "${human.id}") is in the store but ${why}, so it cannot be the shadow run of this decision`,
        file: options.source,
        line: human.line,
        path: "id",
        hint: "give the decision another id, or use another store",
      });
    if (run.charter !== charter.name) throw refuse(`is a run of charter ${run.charter}, not ${charter.name}`);
    if (run.autonomy !== "shadow") throw refuse(`ran at autonomy ${run.autonomy}, not shadow`);
    if (run.status === "running") throw refuse("is still running");
    existing.set(runId, { status: run.status, outcome: run.outcome as RunOutcome | null });
  }
  const pairs: ShadowPair[] = [];
  const ran: string[] = [];
  const recorded: string[] = [];
  for (const [index, human] of options.decisions.entries()) {
    const runId = shadowRunId(human.id);
    const known = existing.get(runId);
    if (known !== undefined) {
      recorded.push(runId);
      pairs.push({ human, runId, ...known });
      continue;
    }
    options.onRun?.(human, index);
    const base = options.createEnv?.();
    const result = await runAgent({
      charter,
      registry: options.registry,
      policies: options.policies ?? [],
      agent: options.agent,
      store,
      audit: options.audit,
      input: human.input,
      env: human.world === undefined ? base : mergeJson(base, human.world),
      runId,
      autonomy: "shadow",
      killSwitch: false,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    ran.push(runId);
    pairs.push({ human, runId, status: result.status, outcome: result.outcome });
  }
  const report = buildShadowReport({ charter, source: options.source, pairs });
  await recordComparisons(store, options.audit, report);
  return { report, ran, recorded };
}

/**
 * Appends each comparison to its shadow run's audit chain (`shadow.compared`), so that a disagreement reaches the
 * review queue; a run whose latest comparison already says the same is left as it is (comparing again adds nothing).
 */
async function recordComparisons(store: Store, audit: AuditSink, report: ShadowReport): Promise<void> {
  for (const item of report.items) {
    const data: ShadowComparedData = {
      decision: item.id,
      humanClass: item.humanClass,
      agentClass: item.agentClass,
      agree: item.agree,
      impact: item.impact,
      decidedBy: item.decidedBy,
      source: report.source,
    };
    const last = latestComparison(await store.audit.list(item.runId));
    if (last?.humanClass === data.humanClass && last.agentClass === data.agentClass) continue;
    await appendAudit(store, audit, { runId: item.runId, type: shadowComparedEvent, data });
  }
}
