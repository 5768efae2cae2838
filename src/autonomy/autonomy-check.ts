import type { AutonomyLevel, Charter } from "../charter/charter.js";
import { type EffectClass, effectClasses } from "../contract/tool-card.js";
import type { ToolRegistry } from "../contract/tool-registry.js";
import type { EvalReport } from "../eval/report.js";
import type { TrialResult } from "../eval/trial.js";
import { hashJson } from "../hash/canonical-hash.js";
import { groundTruth } from "../review/ground-truth.js";
import { type CertifiedAutonomy, certifiedAutonomy } from "../runtime/certified-autonomy.js";
import type { RunOutcome } from "../runtime/outcome.js";
import type { ShadowReportFile } from "../shadow/read-shadow-report.js";
import type { ReviewRecord, Store } from "../store/store.js";
import {
  type CellVerdict,
  type CharterEvidence,
  judgeCell,
  lowestLevel,
  type OptionEvidence,
} from "./level-rules.js";

/** A shadow report as read from a file. */
export interface ShadowReportInput {
  source: string;
  report: ShadowReportFile;
}

/** Everything read, per option and for the charter: what the evidence digest covers. */
export interface AutonomyEvidence {
  charter: { name: string; version: string };
  /** The latest eval of this charter version, or null. */
  eval: { id: string; startedAt: string; trials: number } | null;
  /** Review ids read, oldest first. */
  reviews: string[];
  /** The shadow reports counted: their source and the hash of their content. */
  shadowReports: { source: string; hash: string }[];
  workflow: CharterEvidence;
  options: Record<string, OptionEvidence>;
}

/** What `autonomyCheck` answers. */
export interface AutonomyCheck {
  charter: { name: string; version: string };
  /** The level the charter file asks for. */
  charterAutonomy: AutonomyLevel;
  /** How runs go today against the store's certificates. */
  current: CertifiedAutonomy;
  /** Effect classes of the charter's allowed tools, and the external tools among them. */
  effectClasses: EffectClass[];
  externalTools: string[];
  cells: CellVerdict[];
  /** The lowest level of any cell: what the gate could run every run at (the decision is not known beforehand). */
  level: AutonomyLevel;
  /** Evidence not counted, and why. */
  notes: string[];
  evidence: AutonomyEvidence;
  /** sha256 of the canonical JSON of `evidence`. */
  evidenceDigest: string;
}

const emptyOption = (): OptionEvidence => ({
  evalBase: { successes: 0, n: 0 },
  evalPerturbed: { successes: 0, n: 0 },
  policyViolations: 0,
  reviews: { successes: 0, n: 0 },
  shadow: { successes: 0, n: 0 },
  criticalMisses: 0,
});

/** How many of the latest evals are looked through for one of this charter version. */
const evalScan = 200;

/**
 * Reads the evidence on a charter (its latest eval of this version, the reviews of its runs of this version, the
 * shadow reports given, the kill switch) and judges each decision option × effect class of its allowed tools by the
 * rules of `judgeCell`. Reads only.
 */
export async function autonomyCheck(options: {
  charter: Charter;
  registry: ToolRegistry;
  store: Store;
  shadowReports?: readonly ShadowReportInput[];
  now?: Date;
}): Promise<AutonomyCheck> {
  const { charter, registry, store } = options;
  const notes: string[] = [];
  const byOption: Record<string, OptionEvidence> = Object.fromEntries(
    charter.decision.options.map((o) => [o, emptyOption()]),
  );
  const cards = charter.tools.allowed.flatMap((name) => registry.get(name) ?? []);
  const classes = effectClasses.filter((e) => cards.some((c) => c.effect === e));
  const externalTools = cards.filter((c) => c.external).map((c) => c.name);

  const latest = await latestEval(store, charter);
  let redteamRegressions = 0;
  if (latest === undefined) notes.push(`no eval of ${charter.name} version ${charter.version} in the store`);
  else
    redteamRegressions = tallyEval(
      (await store.evals.results(latest.id)).map((r) => r.data as TrialResult),
      byOption,
    );

  const reviewIds = await tallyReviews(store, charter, byOption, notes);
  const shadowReports: { source: string; hash: string }[] = [];
  for (const { source, report } of options.shadowReports ?? []) {
    if (report.charter.name !== charter.name || report.charter.version !== charter.version) {
      notes.push(
        `${source}: a shadow report of ${report.charter.name} version ${report.charter.version}, not ${charter.name} version ${charter.version}; not counted`,
      );
      continue;
    }
    shadowReports.push({ source, hash: hashJson(report) });
    for (const item of report.items) {
      const human = byOption[item.humanClass];
      if (human) {
        human.shadow.n++;
        if (item.agree) human.shadow.successes++;
      }
      if (item.impact === "critical" && !item.agree)
        for (const cls of new Set([item.humanClass, item.agentClass])) {
          const option = byOption[cls];
          if (option) option.criticalMisses++;
        }
    }
  }

  const workflow: CharterEvidence = {
    redteamRegressions,
    paused: (await store.workflows.get(charter.name)).paused,
  };
  const cells = charter.decision.options.flatMap((option) =>
    classes.map((effect) =>
      judgeCell({
        option,
        effect,
        evidence: byOption[option] as OptionEvidence,
        charter: workflow,
        external: cards.some((c) => c.effect === effect && c.external),
      }),
    ),
  );
  const evidence: AutonomyEvidence = {
    charter: { name: charter.name, version: charter.version },
    eval:
      latest === undefined
        ? null
        : { id: latest.id, startedAt: latest.report.startedAt, trials: latest.report.trials },
    reviews: reviewIds,
    shadowReports,
    workflow,
    options: byOption,
  };
  return {
    charter: { name: charter.name, version: charter.version },
    charterAutonomy: charter.autonomy,
    current: await certifiedAutonomy(store, charter, charter.autonomy, options.now ?? new Date()),
    effectClasses: classes,
    externalTools,
    cells,
    level: lowestLevel(cells.map((c) => c.level)),
    notes,
    evidence,
    evidenceDigest: hashJson(evidence),
  };
}

async function latestEval(
  store: Store,
  charter: Charter,
): Promise<{ id: string; report: EvalReport } | undefined> {
  for (const summary of await store.evals.list({ status: "finished", limit: evalScan })) {
    const report = (await store.evals.get(summary.id)) as EvalReport | undefined;
    if (report?.charter?.name === charter.name && report.charter.version === charter.version)
      return { id: summary.id, report };
  }
  return undefined;
}

/** Counts cases per option (a case passes when all its trials do); answers the red-team cases failing. */
function tallyEval(results: readonly TrialResult[], byOption: Record<string, OptionEvidence>): number {
  const cases = new Map<string, TrialResult[]>();
  for (const r of results) cases.set(r.caseId, [...(cases.get(r.caseId) ?? []), r]);
  let regressions = 0;
  for (const trials of cases.values()) {
    const first = trials[0] as TrialResult;
    const passed = trials.every((t) => t.passed);
    if (first.redteam) {
      if (!passed) regressions++;
      continue;
    }
    for (const t of trials)
      for (const o of new Set([t.expectedDecision, t.decision]))
        if (o !== null && byOption[o] && t.scores.policyCompliance === 0)
          (byOption[o] as OptionEvidence).policyViolations++;
    const option = first.expectedDecision === null ? undefined : byOption[first.expectedDecision];
    if (!option) continue;
    const tally = first.perturbation === null ? option.evalBase : option.evalPerturbed;
    tally.n++;
    if (passed) tally.successes++;
  }
  return regressions;
}

/** Counts the reviewed runs of this version per decided option, reviewers agreeing; answers the review ids read. */
async function tallyReviews(
  store: Store,
  charter: Charter,
  byOption: Record<string, OptionEvidence>,
  notes: string[],
): Promise<string[]> {
  const byRun = new Map<string, ReviewRecord[]>();
  for (const review of await store.reviews.list())
    byRun.set(review.runId, [...(byRun.get(review.runId) ?? []), review]);
  const read: string[] = [];
  let disputed = 0;
  for (const [runId, reviews] of byRun) {
    const run = await store.runs.get(runId);
    if (run === undefined || run.charter !== charter.name || run.charterVersion !== charter.version) continue;
    const outcome = run.outcome as RunOutcome | null;
    if (outcome?.type !== "decision") continue;
    const option = byOption[outcome.decision.decision];
    if (!option) continue;
    const truth = groundTruth(reviews, "agreement");
    if (truth === undefined) {
      disputed++;
      continue;
    }
    read.push(...reviews.map((r) => r.id));
    option.reviews.n++;
    if (truth.review.outcome === "approved") option.reviews.successes++;
  }
  if (disputed > 0) notes.push(`${disputed} reviewed runs whose reviewers disagree; not counted`);
  return read.sort();
}
