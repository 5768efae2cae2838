import type { Breakdown } from "../report.js";
import type { TrialOutcome, TrialResult } from "../trial.js";
import { miniBar } from "./html-charts.js";
import { html, type SafeHtml } from "./html-template.js";
import {
  caseLabel,
  formatCount,
  formatDuration,
  metricLabel,
  metricOrder,
  severityRank,
} from "./report-labels.js";

/** A breakdown (by kind or by perturbation) as a table with a small bar in every cell. */
export function breakdownTable(id: string, heading: string, rows: [string, Breakdown][]): SafeHtml {
  return html`<table id="${id}">
<thead><tr><th>${heading}</th><th class="num">cases</th><th class="num">trials</th><th>pass rate</th>${metricOrder.map((metric) => html`<th>${metricLabel(metric)}</th>`)}</tr></thead>
<tbody>
${rows.map(
  ([name, b]) =>
    html`<tr><th scope="row">${name}</th><td class="num">${b.cases}</td><td class="num">${b.trials}</td><td>${miniBar(b.passRate)}</td>${metricOrder.map((metric) => html`<td>${miniBar(b.metrics[metric])}</td>`)}</tr>
`,
)}</tbody>
</table>`;
}

/** Where a failed trial's transcript is: embedded in the page, or in the store under an evaluation id. */
export interface TranscriptLinks {
  /** The evaluation's id in the store, for the `reins show` command line. */
  evalId?: string;
  /** `caseId` + trial of the transcripts embedded in the page (see {@link transcriptAnchor}). */
  embedded?: ReadonlySet<string>;
}

/** The id of an embedded transcript's element. */
export function transcriptAnchor(caseId: string, trial: number): string {
  return `transcript-${caseId}-${trial}`;
}

/** One case's failed trials, as the failures table shows them. */
export interface FailureGroup {
  caseId: string;
  /** Of the case's first failed trial (all trials of a case share them). */
  impact: TrialResult["impact"];
  kind: TrialResult["kind"];
  perturbation: string | null;
  /** How many trials of the case there are, and the numbers of those that failed, in the order seen. */
  trials: number;
  failedTrials: number[];
  /** Each distinct failure sentence of its failed trials, in first-seen order, with how many trials had it. */
  sentences: { category: string; message: string; count: number }[];
}

/**
 * Gathers the failures table's groups one result at a time: it keeps a count per case and the failed trials' numbers
 * and distinct sentences, never the results themselves.
 */
export function failureGroups(): { add(result: TrialResult): void; groups(): FailureGroup[] } {
  const trials = new Map<string, number>();
  const failing = new Map<
    string,
    FailureGroup & { seen: Map<string, { category: string; message: string; count: number }> }
  >();
  return {
    add(result) {
      trials.set(result.caseId, (trials.get(result.caseId) ?? 0) + 1);
      if (result.passed) return;
      let group = failing.get(result.caseId);
      if (group === undefined) {
        group = {
          caseId: result.caseId,
          impact: result.impact,
          kind: result.kind,
          perturbation: result.perturbation,
          trials: 0,
          failedTrials: [],
          sentences: [],
          seen: new Map(),
        };
        failing.set(result.caseId, group);
      }
      group.failedTrials.push(result.trial);
      const inTrial = new Set<string>();
      for (const failure of result.failures) {
        const key = `${failure.category}\u0000${failure.message}`;
        if (inTrial.has(key)) continue;
        inTrial.add(key);
        let entry = group.seen.get(key);
        if (entry === undefined) {
          entry = { category: failure.category, message: failure.message, count: 0 };
          group.seen.set(key, entry);
          group.sentences.push(entry);
        }
        entry.count++;
      }
    },
    groups() {
      return [...failing.values()]
        .map(({ seen: _seen, ...group }) => ({ ...group, trials: trials.get(group.caseId) ?? 0 }))
        .sort(
          (x, y) =>
            severityRank(x.impact) - severityRank(y.impact) ||
            y.failedTrials.length - x.failedTrials.length ||
            y.sentences.length - x.sentences.length ||
            x.caseId.localeCompare(y.caseId),
        );
    },
  };
}

/**
 * Failed trials grouped by case, critical first: one row per case ("failed 9/10 trials") with each distinct
 * sentence once (and on how many trials it came), and a link to each failed trial's transcript.
 */
export function failuresTable(groups: readonly FailureGroup[], links: TranscriptLinks = {}): SafeHtml {
  if (groups.length === 0) return html`<p class="empty">No failures: every trial passed every category.</p>`;
  return html`<table id="failures">
<thead><tr><th>impact</th><th>case</th><th class="num">failed</th><th>kind</th><th>perturbation</th><th>what went wrong</th><th>transcripts</th></tr></thead>
<tbody>
${groups.map((group) => {
  const failed = group.failedTrials.length;
  return html`<tr><td>${impactBadge(group.impact)}</td><td class="case">${group.caseId}</td><td class="num">${failed}/${group.trials} trials</td><td>${group.kind}</td><td>${group.perturbation ?? "—"}</td><td><ul class="sentences">${
    group.sentences.length === 0
      ? html`<li>did not pass every category</li>`
      : group.sentences.map(
          ({ category, message, count }) =>
            html`<li><span class="category">${metricLabel(category)}</span> ${message}${count < failed ? html` <span class="muted">(${count} of ${failed})</span>` : ""}</li>`,
        )
  }</ul></td><td class="transcripts">${transcriptCell(group, links)}</td></tr>
`;
})}</tbody>
</table>`;
}

/** The failed trials, each linked to its embedded transcript, or a note that none was kept. */
function transcriptCell(group: FailureGroup, links: TranscriptLinks): SafeHtml {
  const { caseId } = group;
  const isEmbedded = (trial: number) => links.embedded?.has(transcriptKey(caseId, trial)) === true;
  const trials = group.failedTrials.map((trial) =>
    isEmbedded(trial)
      ? html`<a href="#${transcriptAnchor(caseId, trial)}">trial ${trial}</a> `
      : html`trial ${trial} `,
  );
  if (!group.failedTrials.some(isEmbedded))
    return html`${trials}<br><span class="muted">no transcript kept: run the eval with --trace</span>`;
  const command =
    links.evalId === undefined ? "" : html`<br><code>reins show ${links.evalId} ${caseId} --trial n</code>`;
  return html`${trials}${command}`;
}

/** How {@link TranscriptLinks.embedded} names a trial. */
export function transcriptKey(caseId: string, trial: number): string {
  return `${caseId}\u0000${trial}`;
}

/** What the results table needs to know before its rows: how many results, how many passed, and which categories. */
export interface ResultsTableHead {
  total: number;
  passed: number;
  /** Every category a result was scored in: the built-in ones, then custom ones in the order seen. */
  categories: string[];
  /** Rows shown: the first ones, up to the page's limit (the JSON report has every result). */
  shown: number;
}

/**
 * Every trial (up to `head.shown`), collapsed by default: outcome, scores, tool calls, time and tokens. `rows` is
 * where the rows go: the table's two halves are returned, for the rows to be written between them.
 */
export function resultsTable(head: ResultsTableHead): { open: SafeHtml; close: SafeHtml } {
  const omitted = head.total - head.shown;
  return {
    open: html`<details id="results">
<summary>${head.total} results: ${head.passed} passed, ${head.total - head.passed} failed${omitted > 0 ? ` (the first ${head.shown} shown; every result is in the JSON report)` : ""}</summary>
<table>
<thead><tr><th>case</th><th class="num">trial</th><th>kind</th><th>impact</th><th>outcome</th><th>expected</th>${head.categories.map((category) => html`<th class="score" title="${metricLabel(category)}">${abbreviation(category)}</th>`)}<th>tool calls</th><th class="num">time</th><th class="num">tokens</th></tr></thead>
<tbody>
`,
    close: html`</tbody>
</table>
</details>`,
  };
}

/** The categories of the results table: the built-in ones, then the custom ones of `scores`, in the order seen. */
export function tableCategories(customSeen: Iterable<string>): string[] {
  return [...new Set([...metricOrder, ...customSeen])];
}

/** One row of the results table. */
export function resultRow(result: TrialResult, categories: readonly string[]): SafeHtml {
  const scores = categories.map((category) => {
    const score = result.scores[category];
    if (score === undefined) return html`<td class="score">—</td>`;
    return score === 1 ? html`<td class="score ok">✓</td>` : html`<td class="score ko">✗</td>`;
  });
  const calls = result.toolCalls.map(
    (call) => html`<span class="call">${call.toolName} <i>${gateNote(call)}${call.status}</i></span> `,
  );
  return html`<tr class="${result.passed ? "passed" : "failed"}"><td class="case">${caseLabel(result)}</td><td class="num">${result.trial}</td><td>${result.kind}${result.redteam ? " (red team)" : ""}</td><td>${impactBadge(result.impact)}</td><td>${describeOutcome(result.outcome)}</td><td>${result.expectedDecision ?? "—"}</td>${scores}<td>${calls.length > 0 ? calls : "—"}</td><td class="num">${formatDuration(result.durationMs)}</td><td class="num">${formatCount(result.usage.inputTokens + result.usage.outputTokens)}</td></tr>
`;
}

/** The gate's verdict and resolution before the status, when the gate did more than allow: `require-approval → approved · `. */
function gateNote(call: TrialResult["toolCalls"][number]): string {
  if (call.verdict === undefined || call.verdict === "allow") return "";
  const by = call.approval ? ` by ${call.approval.decidedBy}` : "";
  return `${call.verdict} → ${call.resolution ?? "?"}${by} · `;
}

/** `critical` as a coloured badge. */
export function impactBadge(impact: TrialResult["impact"]): SafeHtml {
  return html`<span class="badge impact-${impact}">${impact}</span>`;
}

function describeOutcome(outcome: TrialOutcome): string {
  switch (outcome.type) {
    case "decision":
      return `${outcome.decision.decision}${outcome.draft ? " (draft)" : ""}`;
    case "escalation":
      return `escalation: ${outcome.reason}`;
    case "needs-input":
      return `asked for ${outcome.fields.join(", ")}`;
    case "refusal":
      return `refusal: ${outcome.reason}`;
    case "paused":
      return `paused: ${outcome.toolName} failed`;
    case "error":
      return `error: ${outcome.message}`;
  }
}

const abbreviations: Record<string, string> = {
  taskSuccess: "task",
  toolCorrectness: "tools",
  dataAccuracy: "data",
  policyCompliance: "policy",
  recovery: "recov.",
};

function abbreviation(category: string): string {
  return abbreviations[category] ?? category;
}
